import type { BacktestResult } from '../../runtime/backtest/backtest.ts';
import type { Instruments } from '../../runtime/market/instruments.ts';
import type { StraddleTrade } from './backtrader-peer.ts';
import { istMinute } from './year-bars.ts';

/** Legflow's exit reasons in the peer's words; any other reason is kept as written, and so differs. */
const REASONS: Record<string, string> = { 'leg stop-loss': 'stop', 'square-off time': 'square-off' };

/** A backtest's trade log in the peer's shape: contract, IST minutes and prices, in the order the peer lists them. */
export function legflowTrades(result: BacktestResult, instruments: Instruments): StraddleTrade[] {
  return result.trades
    .map((t) => {
      const contract = instruments.parseSymbol(t.symbol);
      if (contract === undefined) throw new Error(`${t.symbol} is not an option symbol`);
      return {
        strike: contract.strike,
        optionType: contract.optionType,
        expiry: contract.expiry,
        qty: t.qty,
        entryTime: istMinute(Date.parse(t.entryTime)),
        entryPrice: t.entryPrice,
        exitTime: istMinute(Date.parse(t.exitTime)),
        exitPrice: t.exitPrice,
        exitReason: REASONS[t.exitReason] ?? t.exitReason,
      };
    })
    .sort((a, b) => a.entryTime.localeCompare(b.entryTime) || a.optionType.localeCompare(b.optionType));
}

/** The first trade where the two logs part, with its position; null when they are the same trade for trade. */
export function firstDifference(
  legflow: readonly StraddleTrade[],
  peer: readonly StraddleTrade[],
): { index: number; legflow: StraddleTrade | undefined; peer: StraddleTrade | undefined } | null {
  for (let i = 0; i < Math.max(legflow.length, peer.length); i++) {
    const [a, b] = [legflow[i], peer[i]];
    if (a === undefined || b === undefined || (Object.keys(a) as Array<keyof StraddleTrade>).some((k) => a[k] !== b[k]))
      return { index: i, legflow: a, peer: b };
  }
  return null;
}
