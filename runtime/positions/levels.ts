import type { LegLevel, Side } from '../message.ts';
import { roundToTickPaise, toPaise, type Paise } from '../money.ts';

export type LevelKind = 'stop' | 'target';

/**
 * The price at which a leg's stop or target sits, in paise, on the tick; null when the leg has none.
 * `points` are premium points; `pct` is percent of the entry premium. A SELL leg loses when the premium
 * rises, so its stop is above entry and its target below; a BUY leg the reverse.
 * Example: SELL at 120.05 with a 25 % stop: 120.05 × 1.25 = 150.0625 → 150.05 on the 0.05 tick.
 */
export function levelPricePaise(entryPaise: Paise, side: Side, level: LegLevel | undefined, kind: LevelKind, tickPaise: Paise): Paise | null {
  if (level === undefined) return null;
  const distance = level.type === 'points' ? toPaise(level.value) : (entryPaise * level.value) / 100;
  const above = (side === 'SELL') === (kind === 'stop');
  return roundToTickPaise(entryPaise + (above ? distance : -distance), tickPaise);
}
