/** The three live charts: the underlying with signal markers, the combined premium of the held legs, the MTM. */
import './live.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { storyStoreWith, withStore } from '../../testing/story-store.tsx';
import { LiveCharts } from './LiveCharts.tsx';
import { storyLive, storySignals } from './story-data.ts';

export default { title: 'Live/Charts', component: LiveCharts } satisfies Meta<typeof LiveCharts>;
type Story = StoryObj<typeof LiveCharts>;

/** An hour: entry at 10:10, exit at 10:50 after a stop, re-entry at 10:53. */
export const AnHourOfTrading: Story = {
  args: { underlying: 'NIFTY', signals: storySignals },
  decorators: [withStore(() => storyStoreWith({ live: storyLive }))],
};

/** Just opened, before the first tick and with nothing held. */
export const Waiting: Story = {
  args: { underlying: 'NIFTY', signals: [] },
  decorators: [withStore(() => storyStoreWith({ live: { ...storyLive, spots: {}, premium: [], mtm: [] } }))],
};
