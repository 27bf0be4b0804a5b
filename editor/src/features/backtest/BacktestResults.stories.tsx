/** A completed backtest: summary, equity and drawdown, the day calendar, month × year and weekday, the trade log. */
import '../live/live.css';
import './backtest.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { storyStoreWith, withStore } from '../../testing/story-store.tsx';
import { BacktestResults } from './BacktestResults.tsx';
import { storyJob, storyResult } from './story-data.ts';

export default {
  title: 'Backtest/Results',
  component: BacktestResults,
  decorators: [withStore(() => storyStoreWith({}))],
} satisfies Meta<typeof BacktestResults>;
type Story = StoryObj<typeof BacktestResults>;

/** Three days of a short straddle: a gain on Monday, a stop on Wednesday, a flat Thursday; a bad row of the signals file reported. */
export const ThreeDays: Story = { args: { job: storyJob, result: storyResult } };

/** A range in which no signal opened a position. */
export const NoTrades: Story = {
  args: {
    job: storyJob,
    result: {
      ...storyResult,
      summary: {
        ...storyResult.summary,
        netPnl: 0,
        grossPnl: 0,
        charges: 0,
        trades: 0,
        wins: 0,
        losses: 0,
        winRate: null,
        averageWin: null,
        averageLoss: null,
        expectancy: null,
        profitFactor: null,
        maxDrawdown: 0,
        maxDrawdownPct: 0,
        sharpe: null,
        sortino: null,
        daysTraded: 0,
      },
      trades: [],
      days: storyResult.days.map((d) => ({ ...d, trades: 0, grossPnl: 0, charges: 0, pnl: 0 })),
    },
  },
};
