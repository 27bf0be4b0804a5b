import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../../nodes/catalogue.ts';
import type { Graph } from '../../graph-schema.ts';
import { compileGraph } from '../../plan.ts';
import { istToMs } from '../../time.ts';
import { runBacktest } from '../backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../signals-file.ts';
import type { Bar } from './bars.ts';
import { handQuote, levelOnTick, quoteAroundLtp } from './testing/hand-quote.ts';
import { flat, minuteBars } from './testing/minute-bars.ts';

/**
 * The short straddle with a 25 % stop and, for these tests, a 30 % target per leg: a sold leg is stopped when
 * its premium reaches 1.25 × its entry and taken at target when it falls to 0.70 × its entry.
 */
function straddle(target: boolean) {
  const doc = JSON.parse(readFileSync(new URL('../../../templates/short-straddle.graph.json', import.meta.url), 'utf8')) as Graph;
  const sl = doc.nodes.find((n) => n.id === 'sl')!;
  sl.params = { ...sl.params, target: target ? { type: 'pct', value: 30 } : null };
  return compileGraph(doc, registry);
}

const DATE = '2026-11-25';
const VOL = 0.12;
/** The NIFTY weekly current on Wed 25 Nov 2026: Tue 1 Dec, 15:30 IST. */
const EXPIRY = istToMs('2026-12-01', '15:30');
const at = (hhmm: string) => istToMs(DATE, hhmm);
const nearestTick = levelOnTick;
const q = (spot: number, type: 'CE' | 'PE', hhmm: string) => handQuote(spot, 26_000, type, at(hhmm), EXPIRY, VOL);
/** An exit at a level buys at the ask of the quote around it. */
const askAround = (ltp: number) => quoteAroundLtp(ltp).ask;

/**
 * NIFTY flat at 26,000 from the bar closing 09:16 to the bar closing 10:00 (the entry's), then the bar closing
 * 10:01 as given, then flat at its close to 15:30. Bars stamped at their close.
 */
function day(bar: Pick<Bar, 'open' | 'high' | 'low' | 'close'>): Bar[] {
  const bars = minuteBars(DATE, '09:16', [...flat(26_000, 45), bar.close, ...flat(bar.close, 329)]);
  const i = bars.findIndex((b) => b.time === at('10:01'));
  bars[i] = { ...bars[i]!, ...bar };
  return bars;
}

async function backtest(bars: Bar[], target = false) {
  const plan = straddle(target);
  const { signals } = readSignalsFile(`time,action\n${DATE} 10:00,ENTRY\n`, listenersOfPlan(plan));
  const history = { underlyings: { NIFTY: { bars, volatility: { kind: 'constant' as const, vol: VOL } } } };
  const r = await runBacktest({ plan, from: DATE, to: DATE, seed: 1, capital: 1_000_000, stepMs: 60_000, signals, history });
  return r.trades.map((t) => ({ symbol: t.symbol.slice(-2), entry: t.entryPrice, exit: t.exitPrice, exitTime: t.exitTime, reason: t.exitReason }));
}

describe('stops and targets on recorded bars see the whole bar', () => {
  const ceEntry = q(26_000, 'CE', '10:00').bid;
  const peEntry = q(26_000, 'PE', '10:00').bid;
  const ceStop = nearestTick(ceEntry * 1.25);
  const ceTarget = nearestTick(ceEntry * 0.7);
  const peStop = nearestTick(peEntry * 1.25);
  const peTarget = nearestTick(peEntry * 0.7);

  it('stops a leg whose premium reached its stop inside the bar, at the stop price, though the bar closed back below', async () => {
    // At 10:01 NIFTY touched 26,100 (the call past its stop there) and closed at 26,000 (below it).
    expect(q(26_100, 'CE', '10:01').ltp).toBeGreaterThanOrEqual(ceStop);
    expect(q(26_000, 'CE', '10:01').ltp).toBeLessThan(ceStop);
    const trades = await backtest(day({ open: 26_000, high: 26_100, low: 26_000, close: 26_000 }));
    expect(trades[0]).toEqual({
      symbol: 'CE',
      entry: ceEntry,
      exit: askAround(ceStop),
      exitTime: new Date(at('10:01')).toISOString(),
      reason: 'leg stop-loss',
    });
    // The put, never near its stop, is held to the 15:15 square-off.
    expect(trades[1]).toMatchObject({ symbol: 'PE', exit: q(26_000, 'PE', '15:15').ask, reason: 'square-off time' });
  });

  it('takes a bar that reached both the stop and the target as the stop, and says so', async () => {
    // 25,700 to 26,300 in one bar: each leg's premium went past its stop one way and its target the other.
    for (const [type, stop, target] of [
      ['CE', ceStop, ceTarget],
      ['PE', peStop, peTarget],
    ] as const) {
      const prices = [q(25_700, type, '10:01').ltp, q(26_300, type, '10:01').ltp];
      expect(Math.max(...prices)).toBeGreaterThanOrEqual(stop);
      expect(Math.min(...prices)).toBeLessThanOrEqual(target);
    }
    const trades = await backtest(day({ open: 26_000, high: 26_300, low: 25_700, close: 26_000 }), true);
    const reason = 'leg stop-loss (the bar also reached the target: the worse taken)';
    expect(trades).toEqual([
      { symbol: 'CE', entry: ceEntry, exit: askAround(ceStop), exitTime: new Date(at('10:01')).toISOString(), reason },
      { symbol: 'PE', entry: peEntry, exit: askAround(peStop), exitTime: new Date(at('10:01')).toISOString(), reason },
    ]);
  });

  it('fills a bar that opened past the stop at the open, the price there was', async () => {
    // The 10:01 bar opened at 26,150 (a gap: the call already past its stop) and fell to 26,120.
    const open = q(26_150, 'CE', '10:01').ltp;
    expect(open).toBeGreaterThan(ceStop);
    const trades = await backtest(day({ open: 26_150, high: 26_150, low: 26_120, close: 26_120 }));
    expect(trades[0]).toMatchObject({ symbol: 'CE', exit: askAround(open), reason: 'leg stop-loss' });
  });

  it('takes a target reached inside the bar at the target price', async () => {
    // 25,700 to 26,000: the call fell past its 30 % target, and the put rose past its stop (each leg one level).
    expect(q(25_700, 'CE', '10:01').ltp).toBeLessThanOrEqual(ceTarget);
    expect(q(26_000, 'CE', '10:01').ltp).toBeGreaterThan(ceTarget);
    expect(q(25_700, 'PE', '10:01').ltp).toBeGreaterThanOrEqual(peStop);
    const trades = await backtest(day({ open: 26_000, high: 26_000, low: 25_700, close: 25_950 }), true);
    const time = new Date(at('10:01')).toISOString();
    expect(trades).toEqual([
      { symbol: 'CE', entry: ceEntry, exit: askAround(ceTarget), exitTime: time, reason: 'leg target' },
      { symbol: 'PE', entry: peEntry, exit: askAround(peStop), exitTime: time, reason: 'leg stop-loss' },
    ]);
  });
});
