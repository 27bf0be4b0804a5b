import type { Leg, PositionGroup } from '../deployments/deployment-schemas.ts';

/** A leg that holds a position now: filled and not yet closed. */
export const isHeld = (leg: Leg) => (leg.status === 'open' || leg.status === 'exiting') && leg.entryPrice !== null;

// `|| 0` turns -0 into 0, so an unchanged leg never reads "-₹0.00".
const round2 = (n: number) => Math.round(n * 100) / 100 || 0;

/** A held leg's unrealised P&L at its LTP (null without one); a closed leg's realised P&L. */
export function legPnl(leg: Leg): number | null {
  if (!isHeld(leg)) return leg.realisedPnl;
  if (leg.ltp === null) return null;
  return round2((leg.ltp - leg.entryPrice!) * leg.qty * (leg.side === 'SELL' ? -1 : 1));
}

/** Mark-to-market of a group: realised after charges, plus the held legs at their LTPs. */
export function groupMtm(group: PositionGroup): number {
  let mtm = group.netPnl;
  for (const leg of group.legs) if (isHeld(leg)) mtm += legPnl(leg) ?? 0;
  return round2(mtm);
}
