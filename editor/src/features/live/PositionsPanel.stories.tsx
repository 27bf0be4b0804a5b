/** Position groups with MTM, realised, charges and net P&L, and each leg at its LTP. */
import './live.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { PositionsPanel } from './PositionsPanel.tsx';
import { closedGroup, openGroup } from './story-data.ts';

export default { title: 'Live/Positions', component: PositionsPanel } satisfies Meta<typeof PositionsPanel>;
type Story = StoryObj<typeof PositionsPanel>;

/** A straddle in profit on one leg and loss on the other, held now. */
export const Open: Story = { args: { groups: [openGroup] } };

/** The morning's straddle, stopped out (a loss after charges), and the re-entry that is open. */
export const ClosedAndOpen: Story = { args: { groups: [closedGroup, openGroup] } };

export const Empty: Story = { args: { groups: [] } };
