import type { SignalRow } from '../deployments/deployment-schemas.ts';

/** One point of a live line: Unix seconds (what the charts take) and a value. */
export interface Point {
  time: number;
  value: number;
}

/** Points kept per line: an hour at one a second. */
export const MAX_POINTS = 3_600;

/** Adds a point in time order: a second point in the same second replaces the first; an older one is dropped. */
export function appendPoint(series: Point[], timeMs: number, value: number): void {
  const time = Math.floor(timeMs / 1000);
  const last = series[series.length - 1];
  if (last && last.time > time) return;
  if (last && last.time === time) last.value = value;
  else series.push({ time, value });
  if (series.length > MAX_POINTS) series.splice(0, series.length - MAX_POINTS);
}

/**
 * Joins points from the server's history with the live ones: one point per second, the live one where both
 * have it (it is newer), in time order, the newest MAX_POINTS kept.
 */
export function mergePoints(live: readonly Point[], past: readonly Point[]): Point[] {
  const bySecond = new Map<number, number>();
  for (const p of past) bySecond.set(p.time, p.value);
  for (const p of live) bySecond.set(p.time, p.value);
  const merged = [...bySecond].map(([time, value]) => ({ time, value })).sort((a, b) => a.time - b.time);
  return merged.length > MAX_POINTS ? merged.slice(merged.length - MAX_POINTS) : merged;
}

/** The history's columns as the three lines; the premium line starts at the first held leg, then 0 when none. */
export function historyLines(h: { time: readonly number[]; spot: readonly number[]; premium: ReadonlyArray<number | null>; mtm: readonly number[] }): {
  spot: Point[];
  premium: Point[];
  mtm: Point[];
} {
  const spot: Point[] = [];
  const premium: Point[] = [];
  const mtm: Point[] = [];
  h.time.forEach((ms, i) => {
    appendPoint(spot, ms, h.spot[i]!);
    appendPoint(mtm, ms, h.mtm[i]!);
    const p = h.premium[i] ?? null;
    if (p !== null || premium.length > 0) appendPoint(premium, ms, p ?? 0);
  });
  return { spot, premium, mtm };
}

export interface SignalMarker {
  time: number;
  action: string;
  source: string;
}

/**
 * Signals as markers on a line: each at the line's point at or just before it arrived on the market's clock
 * (the lines' time; a replayed or virtual SIM clock is not the wall clock), since a marker needs a point
 * under it; signals before the line's first point are left out.
 */
export function markersOn(points: readonly Point[], signals: readonly SignalRow[]): SignalMarker[] {
  const first = points[0];
  if (!first) return [];
  const out: SignalMarker[] = [];
  for (const s of [...signals].reverse()) {
    const at = Math.floor(Date.parse(s.marketAt) / 1000);
    if (at < first.time) continue;
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (points[mid]!.time <= at) lo = mid;
      else hi = mid - 1;
    }
    out.push({ time: points[lo]!.time, action: s.action, source: s.source });
  }
  return out.sort((a, b) => a.time - b.time);
}
