import { toRupees, type Paise } from '../money.ts';
import { percent, roundTo } from './percent.ts';

/** What the statistics read of a trade: its P&L in paise, in the order the trades exited. */
export interface TradeMoney {
  grossPaise: Paise;
  chargesPaise: Paise;
  netPaise: Paise;
}

/** What they read of a trading day (every day of the range, traded or not, oldest first). */
export interface DayMoney {
  date: string;
  trades: number;
  netPaise: Paise;
}

export interface BacktestSummary {
  /** Gross P&L less charges, rupees. */
  netPnl: number;
  grossPnl: number;
  charges: number;
  trades: number;
  /** Trades with a net P&L above 0, below 0; a trade at exactly 0 is neither. */
  wins: number;
  losses: number;
  /** wins ÷ trades, percent (2 decimals); null without trades. */
  winRate: number | null;
  /** Mean net P&L of the winning trades and of the losing ones (negative), rupees; null when there are none. */
  averageWin: number | null;
  averageLoss: number | null;
  /** Net P&L ÷ trades: what one trade made on average, rupees; null without trades. */
  expectancy: number | null;
  /** Sum of winning trades ÷ |sum of losing trades| (4 decimals); null without a losing trade. */
  profitFactor: number | null;
  /** Largest fall of the daily equity curve (capital plus each day's net P&L) from its previous high, rupees. */
  maxDrawdown: number;
  /** maxDrawdown as a percentage of the starting capital (2 decimals). */
  maxDrawdownPct: number;
  /** Longest runs of winning and of losing trades in exit order (a trade at 0 ends both runs). */
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
  /** Daily, not annualised (multiply by √252 for a yearly figure); see `summarize`. null where undefined. */
  sharpe: number | null;
  sortino: number | null;
  /** Trading days in the range, and those on which at least one trade exited. */
  tradingDays: number;
  daysTraded: number;
}

/**
 * The summary of a backtest. Money is summed in integer paise and turned into rupees once, at the end; means
 * are rounded to the paisa, half away from zero.
 *
 * Daily return r_d = the day's net P&L ÷ the starting capital, over every trading day of the range (a day
 * without a trade returns 0). Sharpe = mean(r) ÷ sample standard deviation of r (n − 1), with no risk-free
 * rate: null with fewer than 2 days or when every r is equal. Sortino = mean(r) ÷ downside deviation, where
 * the downside deviation is √(Σ min(r_d, 0)² ÷ n) over all n days (target 0): null without a losing day.
 * Both are per day, not annualised, rounded to 4 decimals.
 */
export function summarize(trades: readonly TradeMoney[], days: readonly DayMoney[], capitalPaise: Paise): BacktestSummary {
  let gross = 0;
  let charges = 0;
  let winSum = 0;
  let lossSum = 0;
  let wins = 0;
  let losses = 0;
  const streak = { wins: 0, losses: 0, maxWins: 0, maxLosses: 0 };
  for (const t of trades) {
    gross += t.grossPaise;
    charges += t.chargesPaise;
    if (t.netPaise > 0) {
      wins++;
      winSum += t.netPaise;
    } else if (t.netPaise < 0) {
      losses++;
      lossSum += t.netPaise;
    }
    streak.wins = t.netPaise > 0 ? streak.wins + 1 : 0;
    streak.losses = t.netPaise < 0 ? streak.losses + 1 : 0;
    streak.maxWins = Math.max(streak.maxWins, streak.wins);
    streak.maxLosses = Math.max(streak.maxLosses, streak.losses);
  }
  const net = gross - charges;
  const n = trades.length;
  const drawdown = maxDrawdownPaise(days, capitalPaise);
  const { sharpe, sortino } = dailyRatios(days, capitalPaise);
  return {
    netPnl: toRupees(net),
    grossPnl: toRupees(gross),
    charges: toRupees(charges),
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? null : percent(wins, n),
    averageWin: wins === 0 ? null : toRupees(roundHalfAway(winSum / wins)),
    averageLoss: losses === 0 ? null : toRupees(roundHalfAway(lossSum / losses)),
    expectancy: n === 0 ? null : toRupees(roundHalfAway(net / n)),
    profitFactor: losses === 0 ? null : roundTo(winSum / -lossSum, 4),
    maxDrawdown: toRupees(drawdown),
    maxDrawdownPct: percent(drawdown, capitalPaise),
    maxConsecutiveWins: streak.maxWins,
    maxConsecutiveLosses: streak.maxLosses,
    sharpe,
    sortino,
    tradingDays: days.length,
    daysTraded: days.filter((d) => d.trades > 0).length,
  };
}

/** The largest fall of capital + cumulative daily net P&L below its running high (the capital counts as the first high). */
export function maxDrawdownPaise(days: readonly DayMoney[], capitalPaise: Paise): Paise {
  let equity = capitalPaise;
  let peak = capitalPaise;
  let worst = 0;
  for (const d of days) {
    equity += d.netPaise;
    peak = Math.max(peak, equity);
    worst = Math.max(worst, peak - equity);
  }
  return worst;
}

function dailyRatios(days: readonly DayMoney[], capitalPaise: Paise): { sharpe: number | null; sortino: number | null } {
  const n = days.length;
  if (n === 0) return { sharpe: null, sortino: null };
  const r = days.map((d) => d.netPaise / capitalPaise);
  const mean = r.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : r.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const downside = Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / n);
  return {
    sharpe: variance > 0 ? roundTo(mean / Math.sqrt(variance), 4) : null,
    sortino: downside > 0 ? roundTo(mean / downside, 4) : null,
  };
}

function roundHalfAway(x: number): number {
  return roundTo(x, 0);
}
