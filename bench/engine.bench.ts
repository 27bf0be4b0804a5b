import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { registry } from '../nodes/catalogue.ts';
import type { Leg } from '../runtime/message.ts';
import { compileGraph } from '../runtime/plan.ts';
import type { Signal } from '../runtime/signal.ts';
import { SimEngine } from '../runtime/sim-engine.ts';
import { istToMs } from '../runtime/time.ts';
import { printTable, quantile } from './table.ts';

const START = istToMs('2026-11-25', '10:00');
/** ₹1,000 crore of SIM capital: every straddle of the bench fits under the margin check. */
const BENCH_CAPITAL = 1e10;

/**
 * `npm run bench -- engine`: (1) one ENTRY signal through templates/short-straddle (trace, strike and expiry
 * resolution, two SIM market orders, a position group), median and p99; (2) leg evaluations per second in
 * the position monitor with 10,000 open legs, with prices unchanged and with the market moving every pass.
 */
export default async function engineBench(): Promise<void> {
  await signalLatency();
  await monitorThroughput();
}

async function signalLatency(): Promise<void> {
  const graph: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'templates', 'short-straddle.graph.json'), 'utf8'));
  const plan = compileGraph(graph, registry);
  const rows = [];
  for (const dryRun of [false, true]) {
    // Capital for 22,000 round trips' charges under the margin check (which stays in the measured work).
    const engine = new SimEngine({ startMs: START, seed: 1, capital: BENCH_CAPITAL });
    const deployment = engine.deploy(plan, { id: 'bench', dryRun });
    const warmup = 2_000;
    const runs = 20_000;
    const times: Record<'ENTRY' | 'EXIT', number[]> = { ENTRY: [], EXIT: [] };
    // ENTRY then EXIT, as a strategy trades: the deployment holds one group at a time, not thousands.
    for (let i = 0; i < warmup + runs; i++) {
      for (const action of ['ENTRY', 'EXIT'] as const) {
        const t0 = performance.now();
        const record = await deployment.submit(signal(action, i));
        const t1 = performance.now();
        if (record.status !== 'completed') throw new Error(`${action} ${i} ${record.status}: ${JSON.stringify(record.steps.at(-1))}`);
        if (i >= warmup) times[action].push((t1 - t0) * 1000);
        // The exit's group_exited event re-enters the graph; let it finish outside the timing.
        await deployment.idle();
      }
    }
    const orders = await engine.broker.orders();
    for (const action of ['ENTRY', 'EXIT'] as const) {
      const t = times[action];
      rows.push({
        signal: action,
        mode: dryRun ? 'test run (places nothing)' : 'SIM (orders filled)',
        runs,
        'median µs': quantile(t, 0.5),
        'p99 µs': quantile(t, 0.99),
        'mean µs': t.reduce((a, b) => a + b, 0) / t.length,
        'orders per signal': dryRun ? 0 : orders.length / (warmup + runs) / 2,
      });
    }
  }
  printTable('One signal through short-straddle (target: ENTRY median under 100 µs)', rows);
}

function signal(action: 'ENTRY' | 'EXIT', i: number): Signal {
  const at = new Date(START).toISOString();
  return { id: `${action}-${i}`, source: 'tradingview', channel: 'nifty-straddle', action, receivedAt: at, data: {}, dedupeKey: `${action}-${i}` };
}

async function monitorThroughput(): Promise<void> {
  const engine = new SimEngine({ startMs: START, seed: 1, capital: BENCH_CAPITAL });
  const { instruments, market, positions, accountId } = engine;
  const expiries = [instruments.resolveExpiry('NIFTY', { kind: 'current-week' }, START), instruments.resolveExpiry('NIFTY', { kind: 'next-week' }, START)];
  const atm = instruments.atmStrike('NIFTY', market.spot('NIFTY'));
  const legsWanted = 10_000;
  // 5,000 short straddles spread over 81 strikes × 2 expiries (324 symbols), stops far enough never to hit.
  for (let g = 0; g < legsWanted / 2; g++) {
    const strike = atm + ((g % 81) - 40) * 50;
    const expiry = expiries[g % 2]!;
    const legs: Leg[] = (['CE', 'PE'] as const).map((optionType) => ({
      id: `g${g}.${optionType}`,
      underlying: 'NIFTY',
      exchange: 'NSE',
      optionType,
      side: 'SELL',
      lots: 1,
      lotSize: 65,
      qty: 65,
      strike,
      expiry,
      symbol: instruments.optionSymbol('NIFTY', expiry, strike, optionType),
      stopLoss: { type: 'pct', value: 10_000 },
      target: { type: 'pct', value: 99.9 },
    }));
    await positions.enter({
      deploymentId: `d${g % 50}`,
      mode: 'sim',
      accountId,
      legs,
      risk: { mtmStopLoss: 1e9, mtmTarget: 1e9 },
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: `g${g}`,
    });
  }
  const open = positions.openGroups().reduce((n, g) => n + g.legs.filter((l) => l.status === 'open').length, 0);
  if (open !== legsWanted) throw new Error(`expected ${legsWanted} open legs, got ${open}`);

  const rows = [];
  for (const moving of [false, true]) {
    const passes = moving ? 200 : 2_000;
    let now = START;
    for (let i = 0; i < 50; i++) await engine.monitor.evaluate(now); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < passes; i++) {
      if (moving) {
        now += 1_000;
        market.advanceTo(now);
      }
      await engine.monitor.evaluate(now);
    }
    const seconds = (performance.now() - t0) / 1000;
    const stillOpen = positions.openGroups().length;
    if (stillOpen !== legsWanted / 2) throw new Error(`a far stop was hit: ${stillOpen} groups open`);
    rows.push({
      prices: moving ? 'market moves every pass (324 options repriced)' : 'unchanged between passes',
      'open legs': open,
      passes,
      'ms per pass': (seconds * 1000) / passes,
      'leg evaluations/s': Math.round((open * passes) / seconds),
    });
  }
  printTable('Position monitor with 10,000 open legs (target: over 1,000,000 leg evaluations/s)', rows);
}
