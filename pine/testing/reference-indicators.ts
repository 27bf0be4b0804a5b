/**
 * The few Pine built-ins the templates use, written out from TradingView's reference formulas so a test can
 * say where a script must fire without asking the engine that runs it. A series is an array with one value a
 * bar; NaN is Pine's `na`, and every comparison with it is false, as in Pine.
 */

export type Series = readonly number[];

/** `ta.sma`-seeded recursive average: na until `length` values are in, then their mean, then `alpha`-weighted. */
function seededAverage(src: Series, length: number, alpha: number): number[] {
  const out: number[] = [];
  let run = 0;
  src.forEach((x, i) => {
    const prev = out[i - 1] ?? NaN;
    if (!Number.isNaN(prev)) {
      out.push(alpha * x + (1 - alpha) * prev);
      return;
    }
    // Seed with the mean of the last `length` values once none of them is na.
    run = Number.isNaN(x) ? 0 : run + 1;
    out.push(run >= length ? src.slice(i - length + 1, i + 1).reduce((a, b) => a + b, 0) / length : NaN);
  });
  return out;
}

/** `ta.ema(src, length)`: alpha 2 / (length + 1). */
export function ema(src: Series, length: number): number[] {
  return seededAverage(src, length, 2 / (length + 1));
}

/** `ta.rma(src, length)` (Wilder's average): alpha 1 / length. */
export function rma(src: Series, length: number): number[] {
  return seededAverage(src, length, 1 / length);
}

/** `ta.rsi(close, length)`: 100 − 100 / (1 + rma(gains) / rma(losses)); 100 when nothing fell. */
export function rsi(close: Series, length: number): number[] {
  const change = close.map((x, i) => (i === 0 ? NaN : x - close[i - 1]!));
  const up = rma(
    change.map((c) => (Number.isNaN(c) ? NaN : Math.max(c, 0))),
    length,
  );
  const down = rma(
    change.map((c) => (Number.isNaN(c) ? NaN : Math.max(-c, 0))),
    length,
  );
  return up.map((u, i) => {
    const d = down[i]!;
    if (Number.isNaN(u) || Number.isNaN(d)) return NaN;
    return d === 0 ? 100 : u === 0 ? 0 : 100 - 100 / (1 + u / d);
  });
}

export interface Ohlc {
  high: number;
  low: number;
  close: number;
}

/** `ta.supertrend(factor, atrLength)`'s direction: 1 while the line is above the price (down), −1 below (up). */
export function supertrendDirection(bars: readonly Ohlc[], factor: number, atrLength: number): number[] {
  // ta.atr: Wilder's average of the true range; the first bar's range is its high − low.
  const trueRange = bars.map((b, i) => {
    const prevClose = bars[i - 1]?.close;
    return prevClose === undefined ? b.high - b.low : Math.max(b.high - b.low, Math.abs(b.high - prevClose), Math.abs(b.low - prevClose));
  });
  const atr = rma(trueRange, atrLength);
  const direction: number[] = [];
  let upper = NaN;
  let lower = NaN;
  let line = NaN;
  bars.forEach((b, i) => {
    const mid = (b.high + b.low) / 2;
    const prevUpper = Number.isNaN(upper) ? 0 : upper;
    const prevLower = Number.isNaN(lower) ? 0 : lower;
    const prevClose = bars[i - 1]?.close ?? NaN;
    const prevLine = line;
    // Each band holds its level until the price closes through it or the new level is tighter.
    let newLower = mid - factor * atr[i]!;
    let newUpper = mid + factor * atr[i]!;
    if (!(newLower > prevLower || prevClose < prevLower)) newLower = prevLower;
    if (!(newUpper < prevUpper || prevClose > prevUpper)) newUpper = prevUpper;
    let dir: number;
    if (Number.isNaN(atr[i - 1] ?? NaN)) dir = 1;
    else if (prevLine === prevUpper) dir = b.close > newUpper ? -1 : 1;
    else dir = b.close < newLower ? 1 : -1;
    lower = newLower;
    upper = newUpper;
    line = dir === -1 ? lower : upper;
    direction.push(dir);
  });
  return direction;
}

/** `ta.crossover(a, b)` at bar i: above now, at or below on the bar before. */
export function crossover(a: Series, b: Series, i: number): boolean {
  return i > 0 && a[i]! > b[i]! && a[i - 1]! <= b[i - 1]!;
}

/** `ta.crossunder(a, b)` at bar i: below now, at or above on the bar before. */
export function crossunder(a: Series, b: Series, i: number): boolean {
  return i > 0 && a[i]! < b[i]! && a[i - 1]! >= b[i - 1]!;
}
