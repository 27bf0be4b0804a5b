import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../nodes/catalogue.ts';
import type { BrokerHistory } from './broker/history.ts';
import type { BrokerEvent, Fill, Order } from './broker/types.ts';
import { toPaise } from './money.ts';
import { compileGraph } from './plan.ts';
import { groupSnapshotSchema, type GroupSnapshot } from './positions/snapshot.ts';
import { SimEngine, type EngineSavedState } from './sim-engine.ts';
import { edge, graph, node, tvSignal } from './testing/graph.ts';
import { istToMs } from './time.ts';

const T0 = istToMs('2026-11-25', '10:00');

describe('SimEngine on a virtual clock', () => {
  it('tick moves the clock and the market together', async () => {
    const engine = new SimEngine({ startMs: T0, seed: 3 });
    const before = engine.market.spot('NIFTY');
    for (let i = 0; i < 30; i++) await engine.tick(60_000);
    expect(engine.clock.now()).toBe(T0 + 30 * 60_000);
    expect(engine.market.time).toBe(T0 + 30 * 60_000);
    expect(engine.market.spot('NIFTY')).not.toBe(before);
  });

  it('keeps only the newest log lines when told to retain a number of them', async () => {
    const engine = new SimEngine({ startMs: T0, seed: 1, retain: 4 });
    const plan = compileGraph(
      graph(
        [node('tv', 'source.tradingview', { channel: 'nifty' }), node('note', 'exec.notify', { message: 'alert {{action}}' })],
        [edge('tv', 'signal', 'note')],
      ),
      registry,
    );
    const deployment = engine.deploy(plan, { id: 'dep-log' });
    for (let i = 1; i <= 10; i++) await deployment.submit(tvSignal(`s${i}`, `A${i}`, T0 + i));
    expect(engine.logs.length).toBeGreaterThanOrEqual(4);
    expect(engine.logs.length).toBeLessThanOrEqual(5);
    expect(engine.logs.at(-1)?.message).toBe('alert A10');
  });

  it('refuses real-time stepping', () => {
    expect(() => new SimEngine({ startMs: T0 }).start(10, () => undefined)).toThrow(/needs the real clock/);
  });
});

describe('SimEngine on the real clock', () => {
  it('steps the market as real time passes, and stops when asked', async () => {
    const before = Date.now();
    const engine = new SimEngine({ seed: 3 });
    const started = engine.market.time;
    expect(started).toBeGreaterThanOrEqual(before);
    expect(started).toBeLessThanOrEqual(Date.now());
    const errors: unknown[] = [];
    const stop = engine.start(5, (err) => errors.push(err));
    // Bounded wait for the first steps; the assertion is that steps happen, not how fast.
    for (let i = 0; i < 200 && engine.market.time === started; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(engine.market.time).toBeGreaterThan(started);
    await new Promise((r) => setTimeout(r, 30));
    const stoppedAt = engine.market.time;
    await new Promise((r) => setTimeout(r, 60));
    expect(engine.market.time).toBe(stoppedAt);
    expect(errors).toEqual([]);
    await expect(engine.tick(1_000)).rejects.toThrow(/needs a virtual clock/);
  });
});

/** The short-straddle template: SELL the NIFTY ATM CE and PE on ENTRY, 25 % stop per leg, square-off 15:15. */
const straddlePlan = compileGraph(JSON.parse(readFileSync(new URL('../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);
const ENTRY = tvSignal('sig-1', 'ENTRY', T0, { channel: 'nifty-straddle' });
/**
 * ATM at the seed-1 NIFTY spot of 25,876.25. Quotes at T0 (spread 0.4 % of the price, half each side, on the
 * 0.05 tick): CE LTP 159.25, half 159.25 × 0.002 = 0.3185 → 0.30, bid 158.95; PE LTP 164.00, half 0.328 → 0.35,
 * bid 163.65. The straddle is sold at market, so at the bids.
 */
const CE = 'NIFTY01DEC2625900CE';
const PE = 'NIFTY01DEC2625900PE';

type Saved = BrokerEvent | GroupSnapshot;

/**
 * What a server's database keeps of an engine: the latest state of each order and group, every fill, each
 * written as the engine reports it. `dieAfter` is a SIGKILL: once a write it matches is done, nothing more
 * reaches the disk (the engine itself carries on in memory, as if it were another process).
 */
function database(dieAfter: (written: Saved) => boolean = () => false) {
  const orders = new Map<string, Order>();
  const fills = new Map<string, Fill>();
  const groups = new Map<string, GroupSnapshot>();
  const written: Saved[] = [];
  let dead = false;
  const write = (record: Saved): void => {
    if (dead) return;
    if ('version' in record) groups.set(record.id, record);
    else if (record.type === 'order') orders.set(record.order.id, record.order);
    else if (record.type === 'fill') fills.set(record.fill.id, record.fill);
    else return;
    written.push(record);
    dead = dieAfter(record);
  };
  return {
    written,
    /** Subscribes as the server does, after the engine is made (and before a restore). */
    attach: (engine: SimEngine): void => {
      engine.hooks.on('broker:persist', write);
      engine.hooks.on('group:persist', write);
    },
    /** Read back as text and parsed at the edge, as the server does after a restart. */
    load: (): EngineSavedState => {
      const rows = JSON.parse(JSON.stringify({ orders: [...orders.values()], fills: [...fills.values()] })) as BrokerHistory;
      const groupsRead: unknown = JSON.parse(JSON.stringify([...groups.values()]));
      return { ...rows, groups: z.array(groupSnapshotSchema).parse(groupsRead) };
    },
  };
}

/** A SIM engine at T0 (seed 1) writing to `db`, with the straddle deployed as dep-1. */
function straddleEngine(db: ReturnType<typeof database>) {
  const engine = new SimEngine({ startMs: T0, seed: 1 });
  db.attach(engine);
  return { engine, deployment: engine.deploy(straddlePlan, { id: 'dep-1' }) };
}

async function restarted(saved: EngineSavedState, db = database()) {
  const engine = new SimEngine({ startMs: T0, seed: 1 });
  db.attach(engine);
  await engine.restore(saved);
  return { engine, deployment: engine.deploy(straddlePlan, { id: 'dep-1' }), db };
}

const legs = (engine: SimEngine) =>
  engine.positions.groups('dep-1').map((g) => [g.id, g.status, g.legs.map((l) => [l.status, l.entryPrice, l.exitPrice, l.realisedPnl])]);

describe('SimEngine after a restart', () => {
  it('executes a replayed entry once, and the restored short leg’s stop still exits it to the paisa', async () => {
    const dbA = database();
    const a = straddleEngine(dbA);
    await a.deployment.submit(ENTRY);
    const saved = dbA.load();
    expect(saved.orders.map((o) => [o.id, o.symbol, o.side, o.status, o.avgFillPrice])).toEqual([
      ['ord-1', CE, 'SELL', 'FILLED', 158.95],
      ['ord-2', PE, 'SELL', 'FILLED', 163.65],
    ]);

    const b = await restarted(saved);
    const run = await b.deployment.submit(ENTRY);
    expect(run.status).toBe('completed');
    expect(await b.engine.broker.orders()).toEqual(saved.orders);
    expect(b.db.written).toEqual([]);
    // Stops from the restored fills: 158.95 × 1.25 = 198.6875 → 198.70; 163.65 × 1.25 = 204.5625 → 204.55.
    expect(b.engine.positions.groups('dep-1').map((g) => g.legs.map((l) => [l.status, l.entryPrice, l.stopPrice]))).toEqual([
      [
        ['open', 158.95, 198.7],
        ['open', 163.65, 204.55],
      ],
    ]);

    b.engine.market.setSpot('NIFTY', 26_400);
    await b.engine.tick(60_000);
    const exit = (await b.engine.broker.orders()).at(-1);
    // The stop triggers on LTP (554.60) and the buy-back fills at the ask: half 554.60 × 0.002 = 1.1092 → 1.10,
    // ask 555.70. (158.95 − 555.70) × 65 = −396.75 × 65 = −25,788.75
    expect(exit).toMatchObject({ id: 'ord-3', clientOrderId: 'dep-1:grp-1:straddle.ce:exit1', side: 'BUY', status: 'FILLED', avgFillPrice: 555.7 });
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['closed', 158.95, 555.7, -25_788.75],
          ['open', 163.65, null, 0],
        ],
      ],
    ]);
    expect(b.engine.events.map((e) => [e.type, e.legId, e.price])).toEqual([['leg_stop_hit', 'straddle.ce', 554.6]]);
    // Cash before charges: + 158.95 × 65 + 163.65 × 65 − 555.70 × 65 = 10,331.75 + 10,637.25 − 36,120.50
    // = −15,151.50 on ₹10,00,000; the three fills' charges come out of it too.
    const funds = await b.engine.broker.funds('sim-1');
    expect(toPaise(funds.cash) + toPaise(funds.charges)).toBe(toPaise(984_848.5));
    // What B wrote: the exit decided, its client id before the order goes out, the order, the leg closed, the fill.
    expect(b.db.written.map((r) => ('version' in r ? `CE ${r.legs[0]?.status} ${r.legs[0]?.exitClientOrderId}` : r.type))).toEqual([
      'CE exiting null',
      'CE exiting dep-1:grp-1:straddle.ce:exit1',
      'order',
      'CE closed dep-1:grp-1:straddle.ce:exit1',
      'fill',
    ]);
  });

  it('places the leg a crash kept from the broker when the signal is replayed, under the same client id', async () => {
    // Dies right after the CE order is written: the store hears of it before the position manager does, so
    // its fill and the group's "CE open" never reach the disk.
    const dbA = database((r) => 'type' in r && r.type === 'order');
    await straddleEngine(dbA).deployment.submit(ENTRY);
    const saved = dbA.load();
    expect([saved.orders.length, saved.fills.length, saved.groups[0]?.legs.map((l) => [l.status, l.entryOrder.id])]).toEqual([
      1,
      0,
      [
        ['pending', ''],
        ['pending', ''],
      ],
    ]);

    const b = await restarted(saved);
    // The broker rebuilt the lost fill from the FILLED order; the group learnt that CE filled.
    expect(b.db.written.filter((r) => 'type' in r).map((r) => ('fill' in r ? r.fill.id : r.type))).toEqual(['fill-1']);
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['open', 158.95, null, 0],
          ['pending', null, null, 0],
        ],
      ],
    ]);

    await b.deployment.submit(ENTRY);
    await b.deployment.submit(ENTRY);
    expect((await b.engine.broker.orders()).map((o) => [o.id, o.clientOrderId, o.status, o.avgFillPrice])).toEqual([
      ['ord-1', 'dep-1:sig-1:enter:straddle.ce', 'FILLED', 158.95],
      ['ord-2', 'dep-1:sig-1:enter:straddle.pe', 'FILLED', 163.65],
    ]);
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['open', 158.95, null, 0],
          ['open', 163.65, null, 0],
        ],
      ],
    ]);
  });

  it('closes a leg whose exit filled before the crash, at that price, and places no second exit', async () => {
    const dbA = database((r) => 'order' in r && r.order.side === 'BUY');
    const a = straddleEngine(dbA);
    await a.deployment.submit(ENTRY);
    a.engine.market.setSpot('NIFTY', 26_400);
    await a.engine.tick(60_000);
    const saved = dbA.load();
    expect(saved.groups[0]?.legs[0]).toMatchObject({ status: 'exiting', exitClientOrderId: 'dep-1:grp-1:straddle.ce:exit1' });

    const b = await restarted(saved);
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['closed', 158.95, 555.7, -25_788.75],
          ['open', 163.65, null, 0],
        ],
      ],
    ]);
    b.engine.market.setSpot('NIFTY', 26_400);
    await b.engine.tick(60_000);
    expect(await b.engine.broker.orders()).toHaveLength(3);
    expect((await b.engine.broker.positions('sim-1')).map((p) => [p.symbol, p.qty, p.realisedPnl])).toEqual([
      [CE, 0, -25_788.75],
      [PE, -65, 0],
    ]);
  });

  it('opens again a leg whose exit never reached the broker, and the monitor exits it on the next tick', async () => {
    const dbA = database((r) => 'version' in r && r.legs.some((l) => l.exitClientOrderId !== null));
    const a = straddleEngine(dbA);
    await a.deployment.submit(ENTRY);
    a.engine.market.setSpot('NIFTY', 26_400);
    await a.engine.tick(60_000);
    const saved = dbA.load();
    expect(saved.orders).toHaveLength(2);

    const b = await restarted(saved);
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['open', 158.95, null, 0],
          ['open', 163.65, null, 0],
        ],
      ],
    ]);
    b.engine.market.setSpot('NIFTY', 26_400);
    await b.engine.tick(60_000);
    expect((await b.engine.broker.orders()).at(-1)).toMatchObject({ id: 'ord-3', clientOrderId: 'dep-1:grp-1:straddle.ce:exit2', avgFillPrice: 555.7 });
    expect(legs(b.engine)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['closed', 158.95, 555.7, -25_788.75],
          ['open', 163.65, null, 0],
        ],
      ],
    ]);
  });

  it('never issues a restored id again: a new signal makes grp-2 with orders and fills after the restored ones', async () => {
    const dbA = database();
    await straddleEngine(dbA).deployment.submit(ENTRY);
    const b = await restarted(dbA.load());
    await b.deployment.submit(tvSignal('sig-2', 'ENTRY', T0, { channel: 'nifty-straddle' }));
    expect(b.engine.positions.groups('dep-1').map((g) => g.id)).toEqual(['grp-1', 'grp-2']);
    expect((await b.engine.broker.orders()).map((o) => o.id)).toEqual(['ord-1', 'ord-2', 'ord-3', 'ord-4']);
    expect(b.db.written.flatMap((r) => ('fill' in r ? [r.fill.id] : []))).toEqual(['fill-3', 'fill-4']);
  });
});

describe('SimEngine spread', () => {
  it('takes the options’ spread as an option: 0 quotes bid = ask = LTP, and a spread that is no fraction is refused', () => {
    const engine = new SimEngine({ startMs: T0, seed: 1, spreadPct: 0 });
    expect(engine.market.quote(CE)).toMatchObject({ ltp: 159.25, bid: 159.25, ask: 159.25 });
    expect(() => new SimEngine({ startMs: T0, spreadPct: 4 })).toThrow(
      /the SIM engine options is not valid:\n {2}spreadPct: is a decimal: write 0\.004 for 0\.4 %/,
    );
  });
});

describe('SimEngine and the exchange’s hours', () => {
  const SATURDAY_NIGHT = istToMs('2026-12-05', '23:30');
  const MONDAY_OPEN = istToMs('2026-12-07', '09:15');
  const raw = JSON.parse(readFileSync(new URL('../templates/short-straddle.graph.json', import.meta.url), 'utf8')) as {
    nodes: Array<{ id: string; params: Record<string, unknown> }>;
  };
  const queued = structuredClone(raw);
  queued.nodes.find((n) => n.id === 'enter')!.params.whenClosed = 'queue';

  it('refuses a Saturday-night ENTRY in the trace, saying when NSE opens, and places nothing', async () => {
    const engine = new SimEngine({ startMs: SATURDAY_NIGHT, seed: 1 });
    const run = await engine.deploy(straddlePlan, { id: 'dep-1' }).submit(tvSignal('sig-1', 'ENTRY', SATURDAY_NIGHT, { channel: 'nifty-straddle' }));
    expect(run.status).toBe('failed');
    expect(run.steps.find((s) => s.nodeId === 'enter')?.error).toMatch(
      /^NSE is closed \(Saturday 5 Dec 2026 23:30 IST\); it opens Mon 7 Dec 09:15\. Nothing was placed/,
    );
    expect(await engine.broker.orders()).toEqual([]);
  });

  it('with "queue", sells the straddle at the bids of the first tick at 09:15 on Monday', async () => {
    const engine = new SimEngine({ startMs: SATURDAY_NIGHT, seed: 1 });
    const deployment = engine.deploy(compileGraph(queued, registry), { id: 'dep-1' });
    expect((await deployment.submit(tvSignal('sig-1', 'ENTRY', SATURDAY_NIGHT, { channel: 'nifty-straddle' }))).status).toBe('completed');
    expect((await engine.broker.orders()).map((o) => o.status)).toEqual(['OPEN', 'OPEN']);
    await engine.tick(istToMs('2026-12-07', '09:14') - SATURDAY_NIGHT);
    expect((await engine.broker.orders()).map((o) => o.status)).toEqual(['OPEN', 'OPEN']);
    await engine.tick(MONDAY_OPEN - engine.clock.now());
    const orders = await engine.broker.orders();
    expect(orders.map((o) => [o.status, o.updatedAt, o.avgFillPrice])).toEqual(orders.map((o) => ['FILLED', MONDAY_OPEN, engine.market.quote(o.symbol)!.bid]));
  });
});
