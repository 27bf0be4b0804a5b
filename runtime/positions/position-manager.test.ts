import { describe, expect, it, vi } from 'vitest';
import { BrokerRouter, BrokerRoutingError } from '../broker/broker-router.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import type { Broker, OrderRequest } from '../broker/types.ts';
import type { Leg } from '../message.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { EntryRejectedError } from './entry-rules.ts';
import { PositionManager } from './position-manager.ts';
import { CE, PE, T0, leg, setup, shortStraddle } from '../testing/positions.ts';

describe('PositionManager.enter', () => {
  it('sells a straddle at market and fixes each leg’s stop from its fill', async () => {
    const { enter, manager } = setup();
    const result = await enter();
    expect(result).toEqual({
      groupId: 'grp-1',
      orders: [
        { id: 'ord-1', legId: 'ce', symbol: CE, side: 'SELL', qty: 65, type: 'MARKET', price: null, status: 'FILLED', fillPrice: 120.05 },
        { id: 'ord-2', legId: 'pe', symbol: PE, side: 'SELL', qty: 65, type: 'MARKET', price: null, status: 'FILLED', fillPrice: 110 },
      ],
    });
    const [group] = manager.groups('dep-1');
    expect(group?.legs.map((l) => [l.status, l.entryPrice, l.stopPrice])).toEqual([
      ['open', 120.05, 150.05], // 120.05 × 1.25 = 150.0625 → 150.05
      ['open', 110, 137.5],
    ]);
    expect(manager.openLots('dep-1')).toBe(2);
  });

  it('keeps a limit leg pending until its fill arrives, then opens it at the fill', async () => {
    const { enter, manager, market, broker } = setup();
    const legs = [leg({ id: 'ce', symbol: CE, side: 'BUY', target: { type: 'points', value: 20 } }), leg({ id: 'pe', symbol: PE, side: 'SELL' })];
    const result = await enter({ legs, orderType: 'LIMIT', limitOffsetPct: 1 });
    // BUY 1 % below 120.05 = 118.8495 → 118.85; SELL 1 % above 110 = 111.10
    expect(result.orders.map((o) => [o.type, o.price, o.status])).toEqual([
      ['LIMIT', 118.85, 'OPEN'],
      ['LIMIT', 111.1, 'OPEN'],
    ]);
    expect(manager.groups('dep-1')[0]?.legs.map((l) => l.status)).toEqual(['pending', 'pending']);

    market.setPrice(CE, 118.8);
    broker.onMarket();
    const ce = manager.groups('dep-1')[0]?.legs[0];
    expect(ce).toMatchObject({ status: 'open', entryPrice: 118.85, targetPrice: 138.85 });
    // A replay of the entry reports its orders as they stand now.
    expect((await enter({ legs, orderType: 'LIMIT', limitOffsetPct: 1 })).orders[0]).toMatchObject({ status: 'FILLED', fillPrice: 118.85 });
  });

  it('refuses the whole entry, placing nothing, when a leg exceeds maxLotsPerOrder', async () => {
    const { enter, broker, manager } = setup();
    const legs = [leg({ id: 'ce', symbol: CE, side: 'BUY', lots: 1 }), leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 3 })];
    const attempt = enter({ legs, risk: { limits: { maxLotsPerOrder: 2 } } });
    await expect(attempt).rejects.toBeInstanceOf(EntryRejectedError);
    await expect(attempt).rejects.toMatchObject({
      code: 'MAX_LOTS_PER_ORDER',
      message: /Leg pe .* is 3 lots; the limit is 2 lots per order\. Nothing was placed\./,
    });
    expect(await broker.orders()).toEqual([]);
    expect(manager.groups('dep-1')).toEqual([]);
  });

  it('refuses an entry that would take the deployment above maxOpenLots', async () => {
    const { enter, broker } = setup();
    const risk = { limits: { maxOpenLots: 3 } };
    await enter({ risk });
    await expect(enter({ risk, idempotencyKey: 'sig-2' })).rejects.toMatchObject({
      code: 'MAX_OPEN_LOTS',
      message: /holds 2 open lots; this entry adds 2, above the limit of 3/,
    });
    expect(await broker.orders()).toHaveLength(2);
  });

  it('refuses an entry with a leg that has no quote, before placing any leg', async () => {
    const { enter, broker } = setup();
    const legs = [leg({ id: 'ce', symbol: CE, side: 'SELL' }), leg({ id: 'x', symbol: 'NIFTY01DEC2699999PE', side: 'SELL' })];
    await expect(enter({ legs })).rejects.toMatchObject({ code: 'NO_QUOTE' });
    expect(await broker.orders()).toEqual([]);
  });

  it('paces orders to maxOrdersPerSecond on the clock', async () => {
    const { enter, broker } = setup();
    const legs = [1, 2, 3, 4, 5].map((n) => leg({ id: `l${n}`, symbol: CE, side: 'BUY' }));
    await enter({ legs, risk: { limits: { maxOrdersPerSecond: 2 } } });
    expect((await broker.orders()).map((o) => o.createdAt - T0)).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('returns the first entry for a replayed idempotency key and never places twice', async () => {
    const { enter, broker, manager, router, market, clock } = setup();
    const [first, concurrent] = await Promise.all([enter(), enter()]);
    const replay = await enter();
    expect(concurrent).toEqual(first);
    expect(replay).toEqual(first);
    expect(manager.groups('dep-1')).toHaveLength(1);
    // Even a manager that lost its memory (a restart) derives the same client order ids: the broker dedupes.
    const restarted = new PositionManager({ router, market, clock });
    await restarted.enter({
      deploymentId: 'dep-1',
      mode: 'sim',
      accountId: 'SIM-1',
      legs: shortStraddle(),
      risk: {},
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: 'sig-1',
    });
    expect(await broker.orders()).toHaveLength(2);
    expect((await broker.positions('SIM-1')).map((p) => p.qty)).toEqual([-65, -65]);
  });

  it('refuses a sim deployment on a live account through the router, with nothing placed', async () => {
    const market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
    const { clock } = setup();
    const broker = new SimBroker({ market, clock, accounts: [{ id: 'LIVE-1', mode: 'live' }] });
    const manager = new PositionManager({ router: new BrokerRouter([broker]), market, clock });
    const attempt = manager.enter({
      deploymentId: 'dep-1',
      mode: 'sim',
      accountId: 'LIVE-1',
      legs: shortStraddle(),
      risk: {},
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: 'k',
    });
    await expect(attempt).rejects.toBeInstanceOf(BrokerRoutingError);
    expect(await broker.orders()).toEqual([]);
    expect(manager.groups('dep-1')).toEqual([]);
  });

  it('closes an entry whose every order was rejected without reporting group_exited', async () => {
    const { enter, manager, events } = setup();
    const result = await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 0 })] });
    expect(result.orders[0]).toMatchObject({ status: 'REJECTED', message: /positive whole number/ });
    expect(manager.groups('dep-1')[0]?.status).toBe('closed');
    expect(manager.openGroups()).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('PositionManager.exit', () => {
  it('buys back one leg, then the rest of the group, with exact realised P&L', async () => {
    const { enter, manager, market, events, clock } = setup();
    await enter();
    market.setPrice(CE, 150.1);
    const legExit = await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'adjust' });
    expect(legExit).toEqual({
      orders: [{ id: 'ord-3', legId: 'ce', symbol: CE, side: 'BUY', qty: 65, type: 'MARKET', price: null, status: 'FILLED', fillPrice: 150.1 }],
      groupIds: [],
    });
    // −(150.10 − 120.05) × 65 = −1,953.25
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'closed', exitPrice: 150.1, exitReason: 'adjust', realisedPnl: -1953.25 });

    market.setPrice(PE, 100);
    clock.set(T0 + 60_000);
    const groupExit = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    expect(groupExit.groupIds).toEqual(['grp-1']);
    // PE: (110 − 100) × 65 = +650; group: −1,953.25 + 650 = −1,303.25
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', closedAt: T0 + 60_000, realisedPnl: -1303.25 });
    expect(events).toEqual([{ type: 'group_exited', deploymentId: 'dep-1', groupId: 'grp-1', pnl: -1303.25, charges: 0, netPnl: -1303.25, time: T0 + 60_000 }]);
  });

  it('exits every open group of the deployment', async () => {
    const { enter, manager } = setup();
    await enter();
    await enter({ idempotencyKey: 'sig-2' });
    const result = await manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'stop' });
    expect(result.groupIds).toEqual(['grp-1', 'grp-2']);
    expect(result.orders.map((o) => o.side)).toEqual(['BUY', 'BUY', 'BUY', 'BUY']);
    expect(manager.openLots('dep-1')).toBe(0);
  });

  it('does nothing when there is nothing to exit', async () => {
    const { manager } = setup();
    expect(await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'x' })).toEqual({ orders: [], groupIds: [] });
  });

  it('cancels a leg whose limit entry is still resting', async () => {
    const { enter, manager, broker } = setup();
    await enter({ orderType: 'LIMIT', limitOffsetPct: 5 });
    const result = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'x' });
    expect(result.orders.map((o) => o.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(result.groupIds).toEqual(['grp-1']);
    expect((await broker.orders()).map((o) => o.status)).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('keeps a leg open when its exit is rejected, and exits it with a fresh order id later', async () => {
    const { enter, manager, market, broker } = setup();
    await enter();
    market.remove(CE);
    const failed = await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'x' });
    expect(failed.orders[0]).toMatchObject({ status: 'REJECTED', message: /No quote for/ });
    expect(manager.groups('dep-1')[0]?.legs[0]?.status).toBe('open');
    market.setPrice(CE, 100);
    await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'x' });
    expect((await broker.orders({ symbol: CE })).map((o) => [o.clientOrderId, o.status])).toEqual([
      ['dep-1:sig-1:ce', 'FILLED'],
      ['dep-1:grp-1:ce:exit1', 'REJECTED'],
      ['dep-1:grp-1:ce:exit2', 'FILLED'],
    ]);
  });
});

/**
 * A clock whose sleepers wait until the test moves time past them (VirtualClock resolves sleeps at once),
 * so the test can act while an order waits for its pacing slot.
 */
class QueuedClock {
  private sleepers: Array<{ until: number; wake: () => void }> = [];
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  }
  get waiting(): number {
    return this.sleepers.length;
  }
  advanceTo(time: number): void {
    this.time = time;
    const due = this.sleepers.filter((s) => s.until <= time);
    this.sleepers = this.sleepers.filter((s) => s.until > time);
    for (const s of due) s.wake();
  }
}

describe('PositionManager exit during a paced entry', () => {
  it('does not place a leg whose group was exited while it waited for its turn', async () => {
    const market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
    const clock = new QueuedClock(T0);
    const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }] });
    const manager = new PositionManager({ router: new BrokerRouter([broker]), market, clock });
    const risk = { limits: { maxOrdersPerSecond: 1 } };
    const entering = manager.enter({
      deploymentId: 'dep-1',
      mode: 'sim',
      accountId: 'SIM-1',
      legs: shortStraddle(),
      risk,
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: 'k',
    });
    // CE sold at T0; the PE waits for its slot at T0 + 1 s.
    await vi.waitFor(() => expect(clock.waiting).toBe(1));

    const exiting = manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    // The CE buy-back waits for the slot after the PE's, at T0 + 2 s.
    await vi.waitFor(() => expect(clock.waiting).toBe(2));
    clock.advanceTo(T0 + 1_000);
    clock.advanceTo(T0 + 2_000);
    const [entry, exit] = await Promise.all([entering, exiting]);

    expect(entry.orders.map((o) => o.status)).toEqual(['FILLED', 'CANCELLED']);
    expect(exit.orders.map((o) => [o.symbol, o.side, o.status])).toEqual([[CE, 'BUY', 'FILLED']]);
    expect((await broker.orders()).map((o) => [o.symbol, o.side, o.createdAt - T0])).toEqual([
      [CE, 'SELL', 0],
      [CE, 'BUY', 2_000],
    ]);
    expect(manager.groups('dep-1')[0]?.status).toBe('closed');
  });
});

describe('PositionManager exit while an entry order is on its way', () => {
  /** A manager whose broker holds the first placeOrder until `release` is called. */
  function heldBroker() {
    const { market, clock, broker } = setup();
    let release: (() => void) | null = null;
    const held: Broker = Object.assign(Object.create(broker) as SimBroker, {
      placeOrder: async (req: OrderRequest) => {
        if (release === null) await new Promise<void>((resolve) => (release = resolve));
        return broker.placeOrder(req);
      },
    });
    const manager = new PositionManager({ router: new BrokerRouter([held]), market, clock });
    const enter = (orderType: 'MARKET' | 'LIMIT') =>
      manager.enter({
        deploymentId: 'dep-1',
        mode: 'sim',
        accountId: 'SIM-1',
        legs: [shortStraddle()[0] as Leg],
        risk: {},
        orderType,
        limitOffsetPct: 1,
        idempotencyKey: 'k',
      });
    return { broker, manager, enter, released: () => release };
  }

  it('cancels a limit entry that comes back resting after its exit was asked for', async () => {
    const { broker, manager, enter, released } = heldBroker();
    const events: unknown[] = [];
    manager.onEvent((e) => events.push(e));
    const entering = enter('LIMIT');
    await vi.waitFor(() => expect(released()).not.toBeNull());
    await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    released()?.();
    await entering;
    await vi.waitFor(() => expect(manager.groups('dep-1')[0]?.status).toBe('closed'));
    expect(manager.groups('dep-1')[0]?.legs[0]?.status).toBe('cancelled');
    // SELL 1 % above 120.05 = 121.2505 → 121.25, resting until cancelled.
    expect((await broker.orders()).map((o) => [o.side, o.price, o.status])).toEqual([['SELL', 121.25, 'CANCELLED']]);
    expect(events).toEqual([]);
  });

  it('exits the leg as soon as its entry fills', async () => {
    const { broker, manager, enter, released } = heldBroker();
    const entering = enter('MARKET');
    await vi.waitFor(() => expect(released()).not.toBeNull());
    const exit = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    expect(exit.orders).toEqual([]);
    released()?.();
    await entering;
    await vi.waitFor(() => expect(manager.groups('dep-1')[0]?.status).toBe('closed'));
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ exitReason: 'EXIT signal', exitPrice: 120.05, realisedPnl: 0 });
    expect((await broker.orders()).map((o) => o.side)).toEqual(['SELL', 'BUY']);
  });
});
