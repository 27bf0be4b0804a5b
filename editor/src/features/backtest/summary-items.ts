import { formatRupees, pnlClass } from '../live/format.ts';
import type { BacktestSummary } from './backtest-schemas.ts';

export interface SummaryItem {
  label: string;
  value: string;
  /** `is-gain` / `is-loss` for money a trader reads by its sign; '' otherwise. */
  tone: string;
}

const number = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });
const money = (n: number | null) => (n === null ? '–' : formatRupees(n));
const ratio = (n: number | null) => (n === null ? '–' : number.format(n));
const pct = (n: number | null) => (n === null ? '–' : `${number.format(n)} %`);
/** A fall as a negative figure (never −0: a run that never fell reads ₹0.00). */
const fall = (n: number) => (n === 0 ? 0 : -n);

/**
 * The summary as the panel reads it, in the order a trader checks a run. A profit factor without a losing
 * trade has no value (no loss to divide by): "no loss" when there were wins, "–" when there was no trade.
 */
export function summaryItems(s: BacktestSummary): SummaryItem[] {
  return [
    { label: 'Net P&L', value: money(s.netPnl), tone: pnlClass(s.netPnl) },
    { label: 'Gross P&L', value: money(s.grossPnl), tone: pnlClass(s.grossPnl) },
    { label: 'Charges', value: money(s.charges), tone: '' },
    { label: 'Trades', value: `${s.trades} (${s.wins} won, ${s.losses} lost)`, tone: '' },
    { label: 'Win rate', value: pct(s.winRate), tone: '' },
    { label: 'Expectancy', value: money(s.expectancy), tone: pnlClass(s.expectancy) },
    { label: 'Profit factor', value: s.profitFactor === null && s.wins > 0 ? 'no loss' : ratio(s.profitFactor), tone: '' },
    { label: 'Max drawdown', value: `${money(fall(s.maxDrawdown))} (${pct(fall(s.maxDrawdownPct))})`, tone: pnlClass(fall(s.maxDrawdown)) },
    { label: 'Sharpe (daily)', value: ratio(s.sharpe), tone: '' },
    { label: 'Sortino (daily)', value: ratio(s.sortino), tone: '' },
    { label: 'Days traded', value: `${s.daysTraded} of ${s.tradingDays}`, tone: '' },
  ];
}
