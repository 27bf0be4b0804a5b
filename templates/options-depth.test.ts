import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { registry } from '../nodes/catalogue.ts';
import { compileGraph } from '../runtime/plan.ts';
import { SimEngine } from '../runtime/sim-engine.ts';
import { istToMs } from '../runtime/time.ts';

const dir = import.meta.dirname;

interface Out {
  orders: Array<{ symbol: string; side: 'BUY' | 'SELL'; qty: number; price: number }>;
  positions: Array<{ qty: number }>;
  events: Array<{ type: string; legId?: string; symbol?: string; price?: number; pnl?: number; time?: string }>;
  market: { start: Record<string, number> };
  trace: Array<{ nodeId: string }>;
}

async function run(template: string, signal: object, args: string[]): Promise<Out> {
  let stdout = '';
  const code = await main(['run', join(dir, `${template}.graph.json`), '--signal', JSON.stringify(signal), ...args], {
    out: (t) => (stdout += t),
    err: () => undefined,
  });
  expect(code).toBe(0);
  return JSON.parse(stdout) as Out;
}

const strikeOf = (symbol: string) => Number(/^[A-Z]+\d\d[A-Z]{3}\d\d(\d+)(?:CE|PE)$/.exec(symbol)![1]);
const typeOf = (symbol: string) => symbol.slice(-2);

describe('options-depth templates', () => {
  it('reentry-straddle: the stopped put is bought back at its stop, then sold again at the ATM strike of that moment', async () => {
    // Seed 7 from 10:00: the PE (LTP 153.00, half-spread 153 × 0.002 = 0.306 → 0.30) is sold at the bid,
    // 152.70; its 25 % stop, 152.70 × 1.25 = 190.875 → 190.90, fires at 10:18 at an LTP of 203.85, and it is
    // bought back at the ask, 203.85 + 0.40 (203.85 × 0.002 = 0.4077 → 0.40) = 204.25. NIFTY has fallen, and
    // the re-entry sells the 25850 put; 15:15 closes everything.
    const out = await run('reentry-straddle', { channel: 'nifty-reentry-straddle', action: 'ENTRY' }, [
      '--at',
      '2026-11-25T10:00',
      '--seed',
      '7',
      '--ticks',
      '360',
    ]);
    const stops = out.events.filter((e) => e.type === 'leg_stop_hit');
    expect(stops.map((e) => [e.legId, e.price, e.pnl, e.time])).toEqual([['straddle.pe', 203.85, -3324.75, '2026-11-25T04:48:00.000Z']]); // (152.70 − 203.85) × 65, at 10:18 IST
    expect(out.orders.map((o) => `${o.side} ${typeOf(o.symbol)}`)).toEqual(['SELL CE', 'SELL PE', 'BUY PE', 'SELL PE', 'BUY CE', 'BUY PE']);
    expect(out.orders.slice(1, 3).map((o) => o.price)).toEqual([152.7, 204.25]);
    const [, first, , again] = out.orders;
    expect(strikeOf(again!.symbol)).toBe(25850);
    expect(strikeOf(again!.symbol)).toBeLessThan(strikeOf(first!.symbol)); // the index fell: a lower ATM
    expect(out.positions.every((p) => p.qty === 0)).toBe(true);
  });

  it('reentry-straddle: re-entries are capped at 2 a day', () => {
    const graph = JSON.parse(readFileSync(join(dir, 'reentry-straddle.graph.json'), 'utf8')) as { nodes: Array<{ id: string; params: object }> };
    expect(graph.nodes.find((n) => n.id === 'limit')?.params).toEqual({ windowSeconds: 86400, key: 'action', maxPerWindow: 2 });
  });

  it('orb-breakout: LONG inside 09:30–14:30 buys the ATM call; LONG after 14:30 buys nothing; EXIT always exits', async () => {
    const inside = await run('orb-breakout', { channel: 'nifty-orb', action: 'LONG' }, ['--at', '2026-11-25T10:05']);
    const atm = Math.round(inside.market.start.NIFTY! / 50) * 50;
    expect(inside.orders.map((o) => `${o.side} ${typeOf(o.symbol)} ${strikeOf(o.symbol) - atm} ${o.qty}`)).toEqual(['BUY CE 0 65']);
    const short = await run('orb-breakout', { channel: 'nifty-orb', action: 'short' }, ['--at', '2026-11-25T10:05']);
    expect(short.orders.map((o) => `${o.side} ${typeOf(o.symbol)}`)).toEqual(['BUY PE']);
    const late = await run('orb-breakout', { channel: 'nifty-orb', action: 'LONG' }, ['--at', '2026-11-25T14:45']);
    expect(late.orders).toEqual([]);
    expect(late.trace.map((s) => s.nodeId)).toEqual(['tv', 'route', 'windowLong']);
    const exit = await run('orb-breakout', { channel: 'nifty-orb', action: 'EXIT' }, ['--at', '2026-11-25T14:45']);
    expect(exit.trace.map((s) => s.nodeId)).toEqual(['tv', 'route', 'exit']);
  });

  it('iron-condor-trailing: the entry carries the trail and the lock; an 800-point rally hits the combined stop', async () => {
    const engine = new SimEngine({ startMs: istToMs('2026-11-25', '10:00'), seed: 1 });
    const plan = compileGraph(JSON.parse(readFileSync(join(dir, 'iron-condor-trailing.graph.json'), 'utf8')), registry);
    const deployment = engine.deploy(plan, { id: 'dep-condor' });
    const signal = {
      id: 'sig-1',
      source: 'tradingview' as const,
      channel: 'nifty-condor-trail',
      action: 'ENTRY',
      receivedAt: new Date(engine.clock.now()).toISOString(),
      data: {},
      dedupeKey: 'x|id|1',
    };
    expect((await deployment.submit(signal)).status).toBe('completed');
    const [group] = engine.positions.openGroups();
    expect(group?.risk).toMatchObject({
      mtmStopLoss: 5000,
      mtmTarget: 4000,
      mtmTrail: { every: 1000, by: 500 },
      profitLock: { reach: 2000, lock: 1000, trailEvery: 500, trailBy: 250 },
    });
    engine.market.setSpot('NIFTY', engine.market.spot('NIFTY') + 800); // the sold 26100 call goes deep in the money
    await engine.tick(60_000);
    const hit = engine.events.find((e) => e.type === 'mtm_stop_hit');
    expect(hit?.pnl).toBeLessThanOrEqual(-5000);
    expect(engine.positions.groups('dep-condor')[0]?.legs.every((l) => l.status === 'closed' && l.exitReason === 'MTM stop-loss')).toBe(true);
  });

  it('wait-and-trade-strangle: each leg waits for a 10 % rise from its premium at the alert, then sells at market', async () => {
    const engine = new SimEngine({ startMs: istToMs('2026-11-25', '10:00'), seed: 7 });
    const plan = compileGraph(JSON.parse(readFileSync(join(dir, 'wait-and-trade-strangle.graph.json'), 'utf8')), registry);
    const deployment = engine.deploy(plan, { id: 'dep-wt' });
    const at = engine.clock.now();
    const entry = {
      id: 'sig-1',
      source: 'tradingview' as const,
      channel: 'nifty-wt-strangle',
      action: 'ENTRY',
      receivedAt: new Date(at).toISOString(),
      data: {},
      dedupeKey: 'x|id|1',
    };
    expect((await deployment.submit(entry)).status).toBe('completed');
    const legs = engine.positions.groups('dep-wt')[0]!.legs;
    expect(legs.map((l) => l.status)).toEqual(['pending', 'pending']);
    const spot = engine.market.spot('NIFTY');
    const atm = Math.round(spot / 50) * 50;
    expect(legs.map((l) => strikeOf(l.symbol) - atm)).toEqual([200, -200]);
    for (const leg of legs) {
      const ltp = engine.market.quote(leg.symbol)!.ltp;
      expect(leg.waitingFor).toBeCloseTo(Math.round((ltp * 1.1) / 0.05) * 0.05, 2); // 10 % above, on the tick
    }
    expect(await engine.broker.orders()).toEqual([]);
    const triggers = new Map(legs.map((l) => [l.symbol, l.waitingFor!]));
    for (let i = 0; i < 120; i++) await engine.tick(60_000);
    const sells = (await engine.broker.orders()).filter((o) => o.side === 'SELL');
    expect(sells.length).toBeGreaterThan(0); // seed 7: the put's premium rises 10 % within two hours
    // Sold at the bid once LTP reached the trigger: at most half the 0.4 % spread (at least a tick) below it.
    for (const o of sells) expect(o.avgFillPrice!).toBeGreaterThanOrEqual(triggers.get(o.symbol)! * 0.998 - 0.05);
  });
});
