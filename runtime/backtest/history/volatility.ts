import { MarketError } from '../../market/market-error.ts';
import type { Smile } from '../../market/market-settings.ts';
import type { Bar } from './bars.ts';

/** Above this a volatility is taken for a typo (a VIX of 14 given as a decimal is 1400 %). */
const MAX_VOL = 3;

/** A volatility at a time (decimal: 0.14 for 14 %), in force until the next point. */
export interface VolPoint {
  time: number;
  vol: number;
}

/**
 * The volatility options are priced with when no premiums were recorded, as the user chooses it:
 * - `constant`: one volatility for every strike and time;
 * - `smile`: by moneyness, the synthetic market's smile (atmIv, skew, curvature; see smileVol);
 * - `series`: the ATM volatility over time (an India VIX column), the point at or before the time in force,
 *   with an optional skew and curvature around it.
 */
export type VolatilityModel =
  { kind: 'constant'; vol: number } | { kind: 'smile'; smile: Smile } | { kind: 'series'; points: readonly VolPoint[]; skew?: number; curvature?: number };

/**
 * A volatility series from bars of a volatility index (India VIX), each point the bar's close: VIX is quoted
 * in percent (13.5 is 13.5 %), so `percent` divides by 100.
 */
export function volatilitySeries(bars: readonly Bar[], unit: 'percent' | 'decimal'): VolPoint[] {
  return bars.map((b) => ({ time: b.time, vol: unit === 'percent' ? b.close / 100 : b.close }));
}

/** A model checked once: every volatility above 0 and at most 300 %, a series non-empty and in time order. */
export class Volatility {
  constructor(
    readonly model: VolatilityModel,
    private readonly underlying: string,
  ) {
    const vols = model.kind === 'constant' ? [model.vol] : model.kind === 'smile' ? [model.smile.atmIv] : model.points.map((p) => p.vol);
    const bad = vols.find((v) => !(Number.isFinite(v) && v > 0 && v <= MAX_VOL));
    if (bad !== undefined) invalid(`${underlying}'s volatility ${bad} is not a decimal above 0 and at most ${MAX_VOL} (write 0.14 for 14 %).`);
    if (model.kind === 'series') {
      if (model.points.length === 0) invalid(`${underlying}'s volatility series is empty.`);
      const back = model.points.findIndex((p, i) => i > 0 && !(p.time > model.points[i - 1]!.time));
      if (back > 0) invalid(`${underlying}'s volatility series is not in time order at point ${back + 1}: sort it, one point a time.`);
    }
  }

  /** When the model starts to give a volatility: a series at its first point, the others always. */
  get from(): number {
    return this.model.kind === 'series' ? this.model.points[0]!.time : -Infinity;
  }

  /** The smile in force at `ms` (a constant is a flat smile); a series refuses a time before its first point. */
  smileAt(ms: number): Smile {
    const m = this.model;
    if (m.kind === 'constant') return { atmIv: m.vol, skew: 0, curvature: 0 };
    if (m.kind === 'smile') return m.smile;
    const i = lastAtOrBefore(m.points, ms);
    if (i < 0)
      invalid(
        `${this.underlying}'s volatility series starts at ${new Date(m.points[0]!.time).toISOString()}: nothing is known at ${new Date(ms).toISOString()}.`,
      );
    return { atmIv: m.points[i]!.vol, skew: m.skew ?? 0, curvature: m.curvature ?? 0 };
  }

  /** What a result records of the model: the series by its span and size, not point by point. */
  describe(): Record<string, unknown> {
    const m = this.model;
    if (m.kind !== 'series') return { ...m };
    const span = { points: m.points.length, from: new Date(m.points[0]!.time).toISOString(), to: new Date(m.points.at(-1)!.time).toISOString() };
    return { kind: 'series', ...span, skew: m.skew ?? 0, curvature: m.curvature ?? 0 };
  }
}

/** Index of the last item whose time is at or before `ms` (−1 when none): a binary search over a sorted list. */
export function lastAtOrBefore(items: ReadonlyArray<{ time: number }>, ms: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.time <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function invalid(message: string): never {
  throw new MarketError('INVALID_ARGUMENT', message);
}
