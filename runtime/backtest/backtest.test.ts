import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../nodes/catalogue.ts';
import { MarketError } from '../market/market-error.ts';
import { toPaise, toRupees } from '../money.ts';
import { compileGraph } from '../plan.ts';
import { edge, graph, node } from '../testing/graph.ts';
import { istParts, istToMs } from '../time.ts';
import { BacktestError } from './backtest-error.ts';
import { runBacktest, type BacktestResult } from './backtest.ts';
import { listenersOfPlan, readSignalsFile } from './signals-file.ts';

/** SELL the NIFTY ATM CE and PE on ENTRY, 25 % stop per leg; EXIT or 15:15 closes. */
const straddle = compileGraph(JSON.parse(readFileSync(new URL('../../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);

/** Fri 20 Nov, Sat 21 and Sun 22 (weekend), Mon 23, Tue 24 (Guru Nanak Jayanti, NSE closed), Wed 25 Nov 2026. */
const FROM = '2026-11-20';
const TO = '2026-11-25';
const SIGNALS = [
  'time,action',
  '2026-11-20 09:30,ENTRY',
  '2026-11-20 11:00,EXIT',
  '2026-11-21 10:00,ENTRY',
  '2026-11-24 10:00,ENTRY',
  '2026-11-25 09:45,ENTRY',
  '2026-11-25 11:00,EXIT',
  '2026-11-26 10:00,ENTRY',
].join('\n');

function straddleBacktest(seed = 1, text = SIGNALS): Promise<BacktestResult> {
  const file = readSignalsFile(text, listenersOfPlan(straddle));
  return runBacktest({ plan: straddle, from: FROM, to: TO, seed, capital: 1_000_000, signals: file.signals, stepMs: 60_000 });
}

const ist = (ms: string) => {
  const p = istParts(Date.parse(ms));
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

describe('a backtest of the short-straddle template on the synthetic market', () => {
  it('enters at each ENTRY and exits each leg at its stop or at the EXIT, both legs per entry', async () => {
    const r = await straddleBacktest();
    const entries = [...new Set(r.trades.map((t) => `${t.groupId} ${ist(t.entryTime)}`))];
    expect(entries).toEqual(['grp-1 2026-11-20 09:30', 'grp-2 2026-11-25 09:45']);
    for (const t of r.trades) {
      expect(t.side).toBe('SELL');
      expect(t.qty).toBe(65);
      if (t.exitReason === 'tradingview EXIT') expect(ist(t.exitTime)).toBe(`${ist(t.entryTime).slice(0, 10)} 11:00`);
      else {
        // A stop exits inside the session before the EXIT, bought back at no less than the 25 % stop.
        expect(t.exitReason).toBe('leg stop-loss');
        expect(ist(t.exitTime) < `${ist(t.entryTime).slice(0, 10)} 11:00`).toBe(true);
        expect(t.exitPrice).toBeGreaterThanOrEqual(t.entryPrice * 1.25);
      }
    }
    expect(r.trades.map((t) => t.legId).sort()).toEqual(['straddle.ce', 'straddle.ce', 'straddle.pe', 'straddle.pe']);
    // Seed 1 has both: a leg stopped out before the EXIT, and legs the EXIT closed.
    expect(new Set(r.trades.map((t) => t.exitReason))).toEqual(new Set(['leg stop-loss', 'tradingview EXIT']));
    expect(r.openGroups).toBe(0);
  });

  it('books each leg at the broker’s fills: (entry − exit) × qty − the charges of both orders', async () => {
    const r = await straddleBacktest();
    for (const t of r.trades) {
      const entry = r.orders.find((o) => o.clientOrderId.endsWith(`:enter:${t.legId}`) && o.symbol === t.symbol && o.side === 'SELL')!;
      const exit = r.orders.find((o) => o.clientOrderId.startsWith(`backtest:${t.groupId}:${t.legId}:exit`) && o.status === 'FILLED')!;
      expect([entry.avgFillPrice, exit.avgFillPrice]).toEqual([t.entryPrice, t.exitPrice]);
      const charges = toPaise(entry.charges!) + toPaise(exit.charges!);
      const gross = (toPaise(t.entryPrice) - toPaise(t.exitPrice)) * t.qty;
      expect([t.grossPnl, t.charges, t.pnl]).toEqual([toRupees(gross), toRupees(charges), toRupees(gross - charges)]);
    }
    const sum = (key: 'pnl' | 'charges' | 'grossPnl') => toRupees(r.trades.reduce((a, t) => a + toPaise(t[key]), 0));
    expect([r.summary.netPnl, r.summary.charges, r.summary.grossPnl]).toEqual([sum('pnl'), sum('charges'), sum('grossPnl')]);
    expect(r.summary.trades).toBe(4);
  });

  it('plays only trading days: the weekend and the holiday are skipped, and signals on them are refused as live', async () => {
    const file = readSignalsFile(SIGNALS, listenersOfPlan(straddle));
    const played: string[] = [];
    const r = await runBacktest({
      plan: straddle,
      from: FROM,
      to: TO,
      seed: 1,
      capital: 1_000_000,
      signals: file.signals,
      stepMs: 60_000,
      onProgress: (p) => played.push(`${p.day}/${p.days} ${p.date}`),
    });
    expect(played).toEqual(['1/3 2026-11-20', '2/3 2026-11-23', '3/3 2026-11-25']);
    expect(r.days.map((d) => [d.date, d.trades])).toEqual([
      ['2026-11-20', 2],
      ['2026-11-23', 0],
      ['2026-11-25', 2],
    ]);
    // Saturday's and the holiday's ENTRY ran at their time and placed nothing; Thursday's is past the range.
    expect(r.runs.failures.map((f) => [f.signalId, f.errors[0]?.match(/NSE is closed \([^)]*\)/)?.[0]])).toEqual([
      ['line-4', 'NSE is closed (Saturday 21 Nov 2026 10:00 IST)'],
      ['line-5', 'NSE is closed (Tuesday 24 Nov 2026 10:00 IST, Guru Nanak Jayanti)'],
    ]);
    expect(r.signals).toEqual({ submitted: 6, outsideRange: ['line-8'] });
    expect(r.groups).toHaveLength(2);
  });

  it('gives byte-identical JSON for the same inputs, and records what it ran on', async () => {
    const [a, b] = [JSON.stringify(await straddleBacktest()), JSON.stringify(await straddleBacktest())];
    expect(a).toBe(b);
    const r = JSON.parse(a) as BacktestResult;
    expect(r.inputs).toMatchObject({
      from: FROM,
      to: TO,
      seed: 1,
      settings: { capital: 1_000_000, stepMs: 60_000, market: 'synthetic' },
      signals: { count: 7 },
    });
    expect(r.inputs.graph.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Another seed is another market; another signal is another signals hash.
    const other = await straddleBacktest(2);
    expect(other.trades.map((t) => t.entryPrice)).not.toEqual(r.trades.map((t) => t.entryPrice));
    const moved = await straddleBacktest(1, SIGNALS.replace('2026-11-25 11:00', '2026-11-25 11:01'));
    expect(moved.inputs.signals.sha256).not.toBe(r.inputs.signals.sha256);
    expect(moved.inputs.graph.sha256).toBe(r.inputs.graph.sha256);
  });
});

describe('a backtest driven by the graph’s own schedule', () => {
  /** At 09:20 IST on trading days: sell the NIFTY ATM straddle; square off at 15:15. No stops, no signals file. */
  const scheduled = compileGraph(
    graph(
      [
        node('at920', 'source.schedule', { time: '09:20', action: 'ENTRY' }),
        node('straddle', 'legs.strategy', { preset: 'straddle', side: 'SELL', underlying: 'NIFTY', lots: 1 }),
        node('squareoff', 'risk.square-off', { time: '15:15' }),
        node('enter', 'exec.enter', { orderType: 'MARKET' }),
      ],
      [edge('at920', 'signal', 'straddle'), edge('straddle', 'legs', 'squareoff'), edge('squareoff', 'out', 'enter')],
    ),
    registry,
  );

  it('fires at 09:20 every trading day of the range and squares off at 15:15, by itself', async () => {
    const r = await runBacktest({ plan: scheduled, from: FROM, to: TO, seed: 1, capital: 1_000_000, signals: [], stepMs: 60_000 });
    expect(r.trades.map((t) => `${ist(t.entryTime)} → ${ist(t.exitTime)} ${t.exitReason}`)).toEqual(
      ['2026-11-20', '2026-11-20', '2026-11-23', '2026-11-23', '2026-11-25', '2026-11-25'].map((d) => `${d} 09:20 → ${d} 15:15 square-off time`),
    );
    // The day-wise P&L is the sum of that day's two legs, each net of its charges.
    for (const day of r.days) {
      const legs = r.trades.filter((t) => ist(t.exitTime).startsWith(day.date));
      expect(day.pnl).toBe(toRupees(legs.reduce((a, t) => a + toPaise(t.pnl), 0)));
    }
    expect(r.summary).toMatchObject({ trades: 6, tradingDays: 3, daysTraded: 3 });
  });
});

describe('a backtest refused before it runs', () => {
  const run = (from: string, to: string, extra: { capital?: number; stepMs?: number } = {}) =>
    runBacktest({ plan: straddle, from, to, seed: 1, capital: extra.capital ?? 1_000_000, signals: [], stepMs: extra.stepMs ?? 60_000 });

  it('refuses a range past the holiday calendar with the calendar’s own error', async () => {
    const err = await run('2027-12-30', '2028-01-03').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarketError);
    expect(err).toMatchObject({ code: 'CALENDAR_NOT_COVERED', message: expect.stringContaining('2028-01-01 is beyond its last covered date (2027-12-31)') });
  });

  it('refuses settings that cannot run, saying what to change', async () => {
    await expect(run('2026-11-25', '2026-11-20')).rejects.toThrow(
      new BacktestError('INVALID_SETTINGS', 'The range starts (2026-11-25) after it ends (2026-11-20).'),
    );
    await expect(run('2026-11-31', '2026-12-01')).rejects.toThrow('The from date must be a date YYYY-MM-DD; got "2026-11-31".');
    await expect(run('2026-11-20', '2026-11-20', { capital: 0 })).rejects.toThrow(/capital must be more than ₹0/);
    await expect(run('2026-11-20', '2026-11-20', { stepMs: 10 })).rejects.toThrow(/step must be a whole number of ms from 1000/);
  });
});

// The IST clock of a time as a trader reads it, for the assertions above; checked here so a wrong helper cannot pass them.
it('reads ISO times on the IST clock', () => {
  expect(ist(new Date(istToMs('2026-11-25', '09:45')).toISOString())).toBe('2026-11-25 09:45');
});
