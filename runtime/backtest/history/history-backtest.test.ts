import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../../nodes/catalogue.ts';
import { toPaise } from '../../money.ts';
import { compileGraph } from '../../plan.ts';
import { istToMs } from '../../time.ts';
import { BacktestError } from '../backtest-error.ts';
import { runBacktest, type BacktestOptions } from '../backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../signals-file.ts';
import { handQuote, quoteAroundLtp } from './testing/hand-quote.ts';
import { flat, minuteBars } from './testing/minute-bars.ts';

/** SELL the NIFTY ATM CE and PE on ENTRY, 25 % stop per leg; EXIT or 15:15 closes. */
const straddle = compileGraph(JSON.parse(readFileSync(new URL('../../../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);

const VOL = 0.12;
const LOT = 65;
/** The NIFTY weekly current on Wed 25 and Thu 26 Nov 2026: Tue 1 Dec, 15:30 IST. */
const EXPIRY = istToMs('2026-12-01', '15:30');
const onTick = (x: number) => Number((Math.round(x / 0.05) * 0.05).toFixed(2));

/**
 * Wed 25 Nov 2026: NIFTY flat at 26,000 to 10:29, 26,100 from 10:30 (the call past its 25 % stop).
 * Thu 26 Nov 2026: flat at 25,900 all day (no stop: the put gains less than 25 %), squared off at 15:15.
 * Bars stamped at their close, one a minute, 09:16 to 15:30.
 */
const BARS = [...minuteBars('2026-11-25', '09:16', [...flat(26_000, 74), ...flat(26_100, 301)]), ...minuteBars('2026-11-26', '09:16', flat(25_900, 375))];
const SIGNALS = ['time,action', '2026-11-25 10:00,ENTRY', '2026-11-26 10:00,ENTRY'].join('\n');

function backtest(overrides: Partial<BacktestOptions> = {}) {
  const { signals } = readSignalsFile(SIGNALS, listenersOfPlan(straddle));
  return runBacktest({
    plan: straddle,
    from: '2026-11-25',
    to: '2026-11-26',
    seed: 1,
    capital: 1_000_000,
    stepMs: 60_000,
    signals,
    history: { underlyings: { NIFTY: { bars: BARS, volatility: { kind: 'constant', vol: VOL } } } },
    ...overrides,
  });
}

describe('a backtest on recorded bars', () => {
  it('trades the short straddle at premiums modelled from the bar closes, with the stop and square-off where the bars put them', async () => {
    const r = await backtest();
    const at = (date: string, hhmm: string) => istToMs(date, hhmm);
    const q = (spot: number, strike: number, type: 'CE' | 'PE', date: string, hhmm: string) => handQuote(spot, strike, type, at(date, hhmm), EXPIRY, VOL);

    // Day 1: both legs sold at their bids at 10:00 on 26,000; the call bought back at 10:30 at the ask around
    // its stop (its LTP on 26,100 at or past 1.25 × entry), the put at its ask at the 15:15 square-off.
    const ce1 = { entry: q(26_000, 26_000, 'CE', '2026-11-25', '10:00').bid, exit: q(26_100, 26_000, 'CE', '2026-11-25', '10:30') };
    const pe1 = { entry: q(26_000, 26_000, 'PE', '2026-11-25', '10:00').bid, exit: q(26_100, 26_000, 'PE', '2026-11-25', '15:15').ask };
    expect(ce1.exit.ltp).toBeGreaterThanOrEqual(onTick(ce1.entry * 1.25));
    expect(q(26_000, 26_000, 'CE', '2026-11-25', '10:29').ltp).toBeLessThan(onTick(ce1.entry * 1.25));
    // The bar of 10:30 rose from 26,000 to 26,100: the stop was reached inside it, and filled at its price.
    const ce1StopAsk = quoteAroundLtp(onTick(ce1.entry * 1.25)).ask;
    // Day 2: the ATM strike of 25,900; both legs held to the square-off.
    const ce2 = { entry: q(25_900, 25_900, 'CE', '2026-11-26', '10:00').bid, exit: q(25_900, 25_900, 'CE', '2026-11-26', '15:15').ask };
    const pe2 = { entry: q(25_900, 25_900, 'PE', '2026-11-26', '10:00').bid, exit: q(25_900, 25_900, 'PE', '2026-11-26', '15:15').ask };

    const iso = (date: string, hhmm: string) => new Date(at(date, hhmm)).toISOString();
    const rows = r.trades.map((t) => [t.symbol, t.entryTime, t.entryPrice, t.exitTime, t.exitPrice, t.exitReason]);
    expect(rows).toEqual([
      ['NIFTY01DEC2626000CE', iso('2026-11-25', '10:00'), ce1.entry, iso('2026-11-25', '10:30'), ce1StopAsk, 'leg stop-loss'],
      ['NIFTY01DEC2626000PE', iso('2026-11-25', '10:00'), pe1.entry, iso('2026-11-25', '15:15'), pe1.exit, 'square-off time'],
      ['NIFTY01DEC2625900CE', iso('2026-11-26', '10:00'), ce2.entry, iso('2026-11-26', '15:15'), ce2.exit, 'square-off time'],
      ['NIFTY01DEC2625900PE', iso('2026-11-26', '10:00'), pe2.entry, iso('2026-11-26', '15:15'), pe2.exit, 'square-off time'],
    ]);
    expect(r.trades.every((t) => t.qty === LOT && t.side === 'SELL')).toBe(true);

    // Gross P&L by hand, in paise: (sold − bought back) × 65 for each leg.
    const gross = [ce1.entry - ce1StopAsk, pe1.entry - pe1.exit, ce2.entry - ce2.exit, pe2.entry - pe2.exit].reduce((sum, d) => sum + toPaise(d) * LOT, 0);
    expect(toPaise(r.summary.grossPnl)).toBe(gross);
    expect(toPaise(r.summary.netPnl)).toBe(gross - toPaise(r.summary.charges));
    expect(r.days.map((d) => d.date)).toEqual(['2026-11-25', '2026-11-26']);
  });

  it('records that the premiums were modelled, from which bars, and no seed', async () => {
    const r = await backtest();
    expect(r.inputs.seed).toBeNull();
    const market = r.inputs.settings.market;
    expect(market).not.toBe('synthetic');
    if (market === 'synthetic') return;
    expect(market.premiums).toMatch(/^modelled: Black-Scholes/);
    expect(market.underlyings.NIFTY).toMatchObject({
      bars: 750,
      from: iso('2026-11-25', '09:16'),
      to: iso('2026-11-26', '15:30'),
      volatility: { kind: 'constant', vol: VOL },
    });
    // The same bars give the same hash; one close changed gives another.
    const moved = BARS.map((b, i) => (i === 100 ? { ...b, close: b.close + 0.05 } : b));
    const other = await backtest({ history: { underlyings: { NIFTY: { bars: moved, volatility: { kind: 'constant', vol: VOL } } } } });
    expect(other.inputs.settings.market).not.toEqual(market);
    expect(JSON.stringify(await backtest())).toBe(JSON.stringify(r));
  });

  it('refuses a range with trading days the bars do not cover, naming them', async () => {
    // Fri 27 Nov 2026 trades; the bars stop on the 26th.
    const run = backtest({ to: '2026-11-27' });
    await expect(run).rejects.toBeInstanceOf(BacktestError);
    await expect(run).rejects.toThrow("NIFTY has no bars on 1 of the range's 3 trading days (2026-11-27)");
  });
});

function iso(date: string, hhmm: string): string {
  return new Date(istToMs(date, hhmm)).toISOString();
}
