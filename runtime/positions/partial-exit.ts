import type { ExitPortion } from '../context.ts';
import type { GroupLeg } from './types.ts';

/** The leg a slice belongs to: `ce#2` (placed in slices above the freeze quantity) is part of `ce`. */
function baseLegId(id: string): string {
  const hash = id.indexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}

/**
 * Units to exit per open leg for a partial exit. Each leg (its slices together) gives `lots` lots, or
 * `pct` % of its open lots floored to whole lots and at least 1, never more than it holds; the lots are
 * taken from its slices oldest first (FIFO). Example: 5 lots, 50 % → 2 lots; 1 lot, 10 % → 1 lot.
 */
export function exitQuantities(legs: readonly GroupLeg[], portion: ExitPortion): Map<GroupLeg, number> {
  const byLeg = new Map<string, GroupLeg[]>();
  for (const leg of legs) {
    if (leg.status !== 'open') continue;
    const slices = byLeg.get(baseLegId(leg.id));
    if (slices === undefined) byLeg.set(baseLegId(leg.id), [leg]);
    else slices.push(leg);
  }
  const units = new Map<GroupLeg, number>();
  for (const slices of byLeg.values()) {
    const held = slices.reduce((sum, l) => sum + l.lots, 0);
    // The small epsilon keeps 3 lots × 33.3333… % from flooring a float error down.
    const wanted = 'lots' in portion ? portion.lots : Math.max(1, Math.floor((held * portion.pct) / 100 + 1e-9));
    let left = Math.min(held, wanted);
    for (const leg of slices) {
      if (left === 0) break;
      const lots = Math.min(left, leg.lots);
      units.set(leg, lots * leg.leg.lotSize);
      left -= lots;
    }
  }
  return units;
}
