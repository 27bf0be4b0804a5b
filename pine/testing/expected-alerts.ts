import type { Bar } from '../../runtime/backtest/history/bars.ts';
import { istParts, parseHhMm } from '../../runtime/time.ts';
import { crossover, crossunder, ema, rsi, supertrendDirection } from './reference-indicators.ts';

/** An alert a script must send: the bar it fires on (index into the bars), its action and its `id`. */
export interface ExpectedAlert {
  bar: number;
  action: string;
  id: string;
}

/**
 * Where each template must alert over `bars` (stamped at their open, one chart bar each), worked out from
 * its logic with the reference indicators, with the scripts' default inputs. Alerts on one bar come in the
 * order the script calls them.
 */
export const EXPECTED_ALERTS: Record<string, (bars: readonly Bar[]) => ExpectedAlert[]> = {
  'ema-crossover.pine': (bars) => {
    const close = bars.map((b) => b.close);
    const [fast, slow] = [ema(close, 9), ema(close, 21)];
    return each(bars, (i) => [
      crossover(fast, slow, i) && { action: 'BUY', id: 'ema-cross-up' },
      crossunder(fast, slow, i) && { action: 'SELL', id: 'ema-cross-down' },
    ]);
  },
  'supertrend.pine': (bars) => {
    const direction = supertrendDirection(bars, 3, 10);
    return each(bars, (i) => [
      turnedUp(direction, i) && { action: 'BUY', id: 'supertrend-up' },
      turnedDown(direction, i) && { action: 'SELL', id: 'supertrend-down' },
    ]);
  },
  'rsi-reversal.pine': (bars) => {
    const r = rsi(
      bars.map((b) => b.close),
      14,
    );
    const level = (x: number) => r.map(() => x);
    const [overbought, oversold] = [level(70), level(30)];
    return each(bars, (i) => [
      crossover(r, oversold, i) && { action: 'ENTRY', id: 'rsi-turned-up' },
      crossunder(r, overbought, i) && { action: 'ENTRY', id: 'rsi-turned-down' },
      (crossover(r, overbought, i) || crossunder(r, oversold, i)) && { action: 'EXIT', id: 'rsi-extreme' },
    ]);
  },
  'opening-range-breakout.pine': openingRangeBreakout,
  'trend-strategy.pine': (bars) => {
    const direction = supertrendDirection(bars, 3, 10);
    const trend = ema(
      bars.map((b) => b.close),
      50,
    );
    // Long only, one position: the entry needs none open, the close needs one; both fill on the bar's close.
    let long = false;
    return each(bars, (i) => {
      const buy = !long && turnedUp(direction, i) && bars[i]!.close > trend[i]!;
      const sell = long && turnedDown(direction, i);
      if (buy) long = true;
      if (sell) long = false;
      return [buy && { action: 'BUY', id: 'Long' }, sell && { action: 'SELL', id: 'Long-close' }];
    });
  },
};

const turnedUp = (direction: readonly number[], i: number) => direction[i]! < 0 && direction[i - 1]! > 0;
const turnedDown = (direction: readonly number[], i: number) => direction[i]! > 0 && direction[i - 1]! < 0;

/**
 * The opening range (bars opening 09:15 to 09:29 IST) and the trading window (09:30 to 14:59): the first close
 * outside the range in the window, once a day, and the window's end after a breakout.
 */
function openingRangeBreakout(bars: readonly Bar[]): ExpectedAlert[] {
  const within = (from: string, to: string) => bars.map((b) => istParts(b.time).minuteOfDay).map((m) => m >= parseHhMm(from) && m < parseHhMm(to));
  const [inRange, inWindow] = [within('09:15', '09:30'), within('09:30', '15:00')];
  let [high, low, brokeOut] = [NaN, NaN, false];
  return each(bars, (i) => {
    const bar = bars[i]!;
    if (inRange[i] && !inRange[i - 1]) [high, low, brokeOut] = [bar.high, bar.low, false];
    else if (inRange[i]) [high, low] = [Math.max(high, bar.high), Math.min(low, bar.low)];
    const canBreak = inWindow[i] && !brokeOut && !Number.isNaN(high);
    const up = canBreak && bar.close > high;
    const down = canBreak && bar.close < low;
    const windowEnd = inWindow[i - 1] === true && !inWindow[i] && brokeOut;
    if (up || down) brokeOut = true;
    return [up && { action: 'LONG', id: 'orb-up' }, down && { action: 'SHORT', id: 'orb-down' }, windowEnd && { action: 'EXIT', id: 'orb-window-end' }];
  });
}

type Fired = { action: string; id: string } | false | undefined;

function each(bars: readonly Bar[], on: (i: number) => Fired[]): ExpectedAlert[] {
  return bars.flatMap((_, i) => on(i).flatMap((fired) => (fired ? [{ bar: i, ...fired }] : [])));
}
