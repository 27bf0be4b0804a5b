/** The signal history: where each signal came from (a badge per source) and what became of it. */
import './live.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SignalHistory } from './SignalHistory.tsx';
import { storySignals } from './story-data.ts';

export default { title: 'Live/Signal history', component: SignalHistory } satisfies Meta<typeof SignalHistory>;
type Story = StoryObj<typeof SignalHistory>;

/** TradingView, Python, schedule, manual and position signals: completed, running, failed and ignored. */
export const EverySource: Story = { args: { signals: storySignals } };

export const Empty: Story = { args: { signals: [] } };
