import { toRupees, type Paise } from '../money.ts';
import type { GroupSnapshot } from '../positions/snapshot.ts';
import { istParts } from '../time.ts';
import type { GroupLog } from './group-log.ts';

/** One exit of a leg, in paise and epoch ms: the unit the statistics count. */
export interface LegTrade {
  groupId: string;
  legId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  entryMs: number;
  entryPaise: Paise;
  exitMs: number;
  exitPaise: Paise;
  exitReason: string;
  /** (exit − entry) × qty for a BUY, (entry − exit) × qty for a SELL. */
  grossPaise: Paise;
  /** This exit's share of the leg's charges (entry and exit orders), by quantity. */
  chargesPaise: Paise;
  /** grossPaise − chargesPaise. */
  netPaise: Paise;
}

/** The P&L of one IST trading date, counted on the date each trade exited. */
export interface DayPnl {
  date: string;
  trades: number;
  grossPaise: Paise;
  chargesPaise: Paise;
  netPaise: Paise;
}

/**
 * The trade log: one row per exit of every closed leg (a leg exited in parts gives a row per part, its last
 * part closing it), in the order they exited. Legs still open at the end are no trade: their groups are
 * reported open, and nothing is invented to close them. A leg closed inside a group that is still open (a
 * stopped-out leg beside one still held) is a trade: its money is realised.
 */
export function legTrades(groups: readonly GroupSnapshot[], log: GroupLog): LegTrade[] {
  const trades: LegTrade[] = [];
  for (const group of groups) {
    for (const leg of group.legs) {
      if (leg.status !== 'closed' || leg.exitPaise === null) continue;
      const { entryMs, exitMs } = log.timesOf(group.id, leg.leg.id);
      if (entryMs === undefined || exitMs === undefined) continue;
      const parts = [
        ...(leg.partialExits ?? []).map((p) => ({ qty: p.qty, exitPaise: p.pricePaise, exitReason: p.reason, exitMs: p.time })),
        { qty: leg.qty ?? leg.leg.qty, exitPaise: leg.exitPaise, exitReason: leg.exitReason ?? '', exitMs },
      ];
      const charges = shareByQty(
        leg.chargesPaise ?? 0,
        parts.map((p) => p.qty),
      );
      const dir = leg.leg.side === 'BUY' ? 1 : -1;
      parts.forEach((part, i) => {
        const grossPaise = (part.exitPaise - leg.entryPaise) * part.qty * dir + 0;
        const chargesPaise = charges[i]!;
        trades.push({
          groupId: group.id,
          legId: leg.leg.id,
          symbol: leg.leg.symbol,
          side: leg.leg.side,
          entryMs,
          entryPaise: leg.entryPaise,
          ...part,
          grossPaise,
          chargesPaise,
          netPaise: grossPaise - chargesPaise,
        });
      });
    }
  }
  // Stable: exits at the same time keep the order of their groups and legs.
  return trades.sort((a, b) => a.exitMs - b.exitMs);
}

/** Day-wise P&L over the given trading dates (each listed, traded or not), plus any other date a trade exited on. */
export function dailyPnl(trades: readonly LegTrade[], dates: readonly string[]): DayPnl[] {
  const days = new Map<string, DayPnl>(dates.map((date) => [date, { date, trades: 0, grossPaise: 0, chargesPaise: 0, netPaise: 0 }]));
  for (const t of trades) {
    const date = istParts(t.exitMs).date;
    let day = days.get(date);
    if (day === undefined) days.set(date, (day = { date, trades: 0, grossPaise: 0, chargesPaise: 0, netPaise: 0 }));
    day.trades++;
    day.grossPaise += t.grossPaise;
    day.chargesPaise += t.chargesPaise;
    day.netPaise += t.netPaise;
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** A trade as the CLI and the API print it: rupees, ISO times; `pnl` is net of the charges beside it. */
export function tradeRow(t: LegTrade) {
  return {
    groupId: t.groupId,
    legId: t.legId,
    symbol: t.symbol,
    side: t.side,
    qty: t.qty,
    entryTime: new Date(t.entryMs).toISOString(),
    entryPrice: toRupees(t.entryPaise),
    exitTime: new Date(t.exitMs).toISOString(),
    exitPrice: toRupees(t.exitPaise),
    exitReason: t.exitReason,
    grossPnl: toRupees(t.grossPaise),
    charges: toRupees(t.chargesPaise),
    pnl: toRupees(t.netPaise),
  };
}
export type TradeRow = ReturnType<typeof tradeRow>;

export function dayRow(d: DayPnl) {
  return { date: d.date, trades: d.trades, grossPnl: toRupees(d.grossPaise), charges: toRupees(d.chargesPaise), pnl: toRupees(d.netPaise) };
}
export type DayRow = ReturnType<typeof dayRow>;

/** `total` paise shared in proportion to `weights`, rounded down, the remainder on the last share: they add up exactly. */
function shareByQty(total: Paise, weights: readonly number[]): Paise[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (sum === 0 ? 0 : Math.floor((total * w) / sum)));
  const last = shares.length - 1;
  shares[last] = (shares[last] ?? 0) + total - shares.reduce((a, b) => a + b, 0);
  return shares;
}
