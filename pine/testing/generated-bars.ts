import type { Bar } from '../../runtime/backtest/history/bars.ts';
import { flat, minuteBars } from '../../runtime/backtest/history/testing/minute-bars.ts';

/**
 * NIFTY minute bars built so that each template must fire at bars known by hand, on dates the shipped
 * calendar covers (Wed 25 and Thu 26 Nov 2026; Tue 24 is an NSE holiday). Each day is the 375 bars opening
 * 09:15 to 15:29 IST, stamped at their open; a bar opens at the previous close and spans both.
 */
export interface GeneratedDays {
  /** The IST dates the bars cover, for a backtest's range. */
  from: string;
  to: string;
  bars: Bar[];
  /** Where the script must alert, worked out by hand below: the bar (index into `bars`) and the action. */
  fires: Array<[bar: number, action: string]>;
}

const day = (date: string, closes: number[]): Bar[] => {
  if (closes.length !== 375) throw new Error(`a session has 375 minute bars; got ${closes.length}`);
  return minuteBars(date, '09:15', closes);
};

/**
 * For the three bull-call scripts. Flat at 26,000 for 60 bars (both EMAs and the Supertrend's bands settle on
 * it: no range, so the ATR is 0), one step up to 26,010 at bar 60 (10:15), flat, one step back to 26,000 at
 * bar 120 (11:15), flat to the close.
 * - EMA 9 / 21: equal at 26,000 before bar 60; the step moves the fast one 0.2 × 10 = 2 and the slow one
 *   10 / 11 ≈ 0.91, so the fast crosses above at bar 60. By bar 119 both sit within 0.03 of 26,010; the step
 *   down moves them 2 and 0.91, so the fast crosses below at bar 120.
 * - Supertrend (ATR 10, factor 3): with no range the upper band sits on 26,000, so the close of 26,010 at
 *   bar 60 turns it up; its lower band then climbs toward 26,010 (the ATR decays by 0.9 a bar), so the close of
 *   26,000 at bar 120 turns it down.
 * - The trend strategy: the same turns, and at bar 60 the close (26,010) is above the EMA 50 (26,000.39).
 */
export function trendDay(): GeneratedDays {
  const bars = day('2026-11-25', [...flat(26_000, 60), ...flat(26_010, 60), ...flat(26_000, 255)]);
  return {
    from: '2026-11-25',
    to: '2026-11-25',
    bars,
    fires: [
      [60, 'BUY'],
      [120, 'SELL'],
    ],
  };
}

/**
 * For the RSI reversal. Up 1 a bar for 20 bars (RSI 14 at 100: nothing fell), down 10 at bar 20 (09:35):
 * the average gain becomes 13/14 and the average loss 10/14, RSI 100 − 100 / (1 + 1.3) = 56.5, under 70 from
 * 100: the RSI turned down (ENTRY). Flat (both averages shrink alike: the RSI holds at 56.5) until down 10
 * again at bar 200 (12:35): the loss dwarfs what is left of the gain, RSI ≈ 0, under 30: an extreme (EXIT).
 */
export function rsiDay(): GeneratedDays {
  const rising = Array.from({ length: 20 }, (_, i) => 26_000 + i);
  const bars = day('2026-11-25', [...rising, ...flat(26_009, 180), ...flat(25_999, 175)]);
  return {
    from: '2026-11-25',
    to: '2026-11-25',
    bars,
    fires: [
      [20, 'ENTRY'],
      [200, 'EXIT'],
    ],
  };
}

/**
 * For the opening range breakout, two days.
 * Wed 25 Nov: the range (09:15–09:29) spans 25,990 to 26,020 (bar 5 rises to 26,020, bar 10 falls to 25,990);
 * closes at 26,000 inside it until bar 60 (10:15) closes at 26,030, above it: LONG. The window ends with the
 * bar of 15:00 (bar 345): EXIT.
 * Thu 26 Nov: flat at 26,030 (a range of one price) until bar 90 (10:45) closes at 25,980, below it: SHORT;
 * EXIT at 15:00 again.
 */
export function breakoutDays(): GeneratedDays {
  const range = flat(26_000, 15);
  range[5] = 26_020;
  range[10] = 25_990;
  const wednesday = day('2026-11-25', [...range, ...flat(26_000, 45), ...flat(26_030, 315)]);
  const thursday = day('2026-11-26', [...flat(26_030, 90), ...flat(25_980, 285)]);
  // Thursday's bars follow Wednesday's 375.
  const fires: GeneratedDays['fires'] = [
    [60, 'LONG'],
    [345, 'EXIT'],
    [375 + 90, 'SHORT'],
    [375 + 345, 'EXIT'],
  ];
  return { from: '2026-11-25', to: '2026-11-26', bars: [...wednesday, ...thursday], fires };
}

/** Each template, the graph template on its channel, and the bars built for it. */
export const PINE_CASES = [
  { file: 'ema-crossover.pine', graph: 'bull-call-spread', days: trendDay },
  { file: 'opening-range-breakout.pine', graph: 'orb-breakout', days: breakoutDays },
  { file: 'rsi-reversal.pine', graph: 'short-straddle', days: rsiDay },
  { file: 'supertrend.pine', graph: 'bull-call-spread', days: trendDay },
  { file: 'trend-strategy.pine', graph: 'bull-call-spread', days: trendDay },
] as const;
