import { describe, expect, it } from 'vitest';
import { storyResult } from './story-data.ts';
import { summaryItems } from './summary-items.ts';

const read = (summary: Parameters<typeof summaryItems>[0]) =>
  Object.fromEntries(summaryItems(summary).map((i) => [i.label, `${i.value}${i.tone ? ` ${i.tone}` : ''}`]));

describe('the summary panel’s figures', () => {
  it('reads the story’s run as a trader checks it: money in rupees, the fall as a negative, rates in percent', () => {
    expect(read(storyResult.summary)).toEqual({
      'Net P&L': '₹612.50 is-gain',
      'Gross P&L': '₹812.50 is-gain',
      Charges: '₹200.00',
      Trades: '4 (3 won, 1 lost)',
      'Win rate': '75 %',
      Expectancy: '₹153.13 is-gain',
      'Profit factor': '1.33',
      'Max drawdown': '-₹912.50 (-0.09 %) is-loss',
      'Sharpe (daily)': '0.18',
      'Sortino (daily)': '0.32',
      'Days traded': '2 of 3',
    });
  });

  it('says "no loss" for a profit factor with wins and no loss, and "–" with no trade; a run that never fell reads ₹0.00', () => {
    const noLoss = { ...storyResult.summary, losses: 0, profitFactor: null, maxDrawdown: 0, maxDrawdownPct: 0 };
    expect(read(noLoss)['Profit factor']).toBe('no loss');
    expect(read(noLoss)['Max drawdown']).toBe('₹0.00 (0 %)');
    expect(read({ ...noLoss, trades: 0, wins: 0, winRate: null })['Profit factor']).toBe('–');
  });
});
