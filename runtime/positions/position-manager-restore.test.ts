import { describe, expect, it } from 'vitest';
import type { BrokerHistory } from '../broker/history.ts';
import type { BrokerEvent, Fill, Order } from '../broker/types.ts';
import { istToMs } from '../time.ts';
import type { GroupSnapshot } from './snapshot.ts';
import { PositionMonitor } from './monitor.ts';
import { CE, T0, leg, setup } from '../testing/positions.ts';

type World = ReturnType<typeof setup>;
type Written = BrokerEvent | GroupSnapshot;

/** A store of one world's orders, fills and groups that stops writing (dies) after the write `dieAfter` matches. */
function store(world: World, dieAfter: (written: Written) => boolean = () => false) {
  const orders = new Map<string, Order>();
  const fills = new Map<string, Fill>();
  const groups = new Map<string, GroupSnapshot>();
  let dead = false;
  const write = (record: Written): void => {
    if (dead) return;
    if ('version' in record) groups.set(record.id, record);
    else if (record.type === 'order') orders.set(record.order.id, record.order);
    else if (record.type === 'fill') fills.set(record.fill.id, record.fill);
    dead = dieAfter(record);
  };
  world.broker.onUpdate(write);
  world.manager.onGroupChange(write);
  return {
    load: () =>
      JSON.parse(JSON.stringify({ orders: [...orders.values()], fills: [...fills.values()], groups: [...groups.values()] })) as BrokerHistory & {
        groups: GroupSnapshot[];
      },
  };
}

/** A new world on the saved state, as a restarted process builds it: broker first, then the groups. */
async function restart(saved: ReturnType<ReturnType<typeof store>['load']>): Promise<World> {
  const world = setup();
  world.broker.restore(saved);
  await world.manager.restore(saved.groups);
  return world;
}

const legStates = (world: World) => world.manager.groups('dep-1').map((g) => [g.id, g.status, g.legs.map((l) => [l.id, l.status, l.entryPrice])]);

describe('PositionManager.onGroupChange', () => {
  it('reports each change as plain JSON: made, each fill, the exit decided, its order, the leg closed', async () => {
    const world = setup();
    const seen: GroupSnapshot[] = [];
    world.manager.onGroupChange((g) => seen.push(g));
    await world.enter();
    world.market.setPrice(CE, 150.1);
    await world.manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'adjust' });
    expect(seen.map((g) => g.legs.map((l) => `${l.status}${l.exitClientOrderId === null ? '' : ' ' + l.exitClientOrderId}`))).toEqual([
      ['pending', 'pending'],
      ['open', 'pending'],
      ['open', 'open'],
      ['exiting', 'open'],
      ['exiting dep-1:grp-1:ce:exit1', 'open'],
      ['closed dep-1:grp-1:ce:exit1', 'open'],
    ]);
    expect(seen.at(-1)).toMatchObject({
      id: 'grp-1',
      deploymentId: 'dep-1',
      accountId: 'SIM-1',
      mode: 'sim',
      idempotencyKey: 'sig-1',
      realisedPaise: -195_325,
    });
    // (120.05 − 150.10) × 65 = −1,953.25 = −195,325 paise; the stop: 120.05 × 1.25 = 150.0625 → 150.05
    expect(seen.at(-1)?.legs[0]).toMatchObject({ entryPaise: 12_005, stopPaise: 15_005, exitPaise: 15_010, realisedPaise: -195_325, exitReason: 'adjust' });
    for (const snapshot of seen) expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('hands out copies: a listener changing its snapshot changes nothing in the group', async () => {
    const world = setup();
    world.manager.onGroupChange((g) => {
      const first = g.legs[0];
      if (first) {
        first.status = 'closed';
        first.leg.symbol = 'BROKEN';
      }
    });
    await world.enter();
    expect(legStates(world)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['ce', 'open', 120.05],
          ['pe', 'open', 110],
        ],
      ],
    ]);
    expect(world.manager.groups('dep-1')[0]?.legs[0]?.symbol).toBe(CE);
  });
});

describe('PositionManager.restore', () => {
  it('keeps a restored resting limit entry pending; its fill opens the leg later, and a replay places nothing', async () => {
    const a = setup();
    const saved = store(a);
    const legs = [leg({ id: 'ce', symbol: CE, side: 'BUY', target: { type: 'points', value: 20 } })];
    await a.enter({ legs, orderType: 'LIMIT', limitOffsetPct: 1 });
    const b = await restart(saved.load());
    expect(legStates(b)).toEqual([['grp-1', 'open', [['ce', 'pending', null]]]]);
    expect((await b.enter({ legs, orderType: 'LIMIT', limitOffsetPct: 1 })).orders).toMatchObject([{ id: 'ord-1', status: 'OPEN', price: 118.85 }]);
    expect(await b.broker.orders()).toHaveLength(1);

    // 1 % below 120.05 = 118.8495 → 118.85; the target 20 points above the fill.
    b.market.setPrice(CE, 118.8);
    b.broker.onMarket();
    expect(b.manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'open', entryPrice: 118.85, targetPrice: 138.85 });
  });

  it('cancels a leg that never reached the broker when the group is exited before the replay, placing nothing for it', async () => {
    const a = setup();
    // Dies once the CE order is written: the PE never reached the broker, the CE fill never reached the disk.
    const saved = store(a, (r) => 'type' in r && r.type === 'order');
    await a.enter();
    const b = await restart(saved.load());
    expect(legStates(b)).toEqual([
      [
        'grp-1',
        'open',
        [
          ['ce', 'open', 120.05],
          ['pe', 'pending', null],
        ],
      ],
    ]);

    await b.manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    expect(b.manager.groups('dep-1')[0]?.legs.map((l) => [l.status, l.exitReason])).toEqual([
      ['closed', 'EXIT signal'],
      ['cancelled', null],
    ]);
    const result = await b.enter();
    expect(result.orders[1]).toMatchObject({ status: 'CANCELLED', message: 'Not placed: exited (EXIT signal) before its turn.' });
    expect((await b.broker.orders()).map((o) => [o.id, o.symbol, o.side])).toEqual([
      ['ord-1', CE, 'SELL'],
      ['ord-2', CE, 'BUY'],
    ]);
    expect(b.events.map((e) => [e.type, e.pnl])).toEqual([['group_exited', 0]]);
  });

  it('rebuilds the caches the monitor reads, so a restored group is still stopped and squared off', async () => {
    const a = setup();
    const saved = store(a);
    await a.enter({ risk: { squareOffAt: '15:15', mtmStopLoss: 1000 } });
    const b = await restart(saved.load());
    const [group] = b.manager.openGroups();
    // A SELL's stop key is −stop: 120.05 × 1.25 → 150.05 → −15,005; the MTM stop ₹1,000 → −1,00,000 paise.
    expect([group?.squareOffMs, group?.mtmStopPaise, group?.legs[0]?.stopKey]).toEqual([istToMs('2026-11-25', '15:15'), -100_000, -15_005]);

    b.clock.set(istToMs('2026-11-25', '15:15'));
    await new PositionMonitor(b.manager, b.market).evaluate(b.clock.now());
    expect(b.events.map((e) => e.type)).toEqual(['square_off', 'group_exited']);
    expect(b.manager.openGroups()).toEqual([]);
  });

  it('starts new groups after the restored ones and refuses a manager already in use', async () => {
    const a = setup();
    const saved = store(a).load;
    await a.enter();
    const b = await restart(saved());
    await b.enter({ idempotencyKey: 'sig-2' });
    expect(b.manager.groups('dep-1').map((g) => g.id)).toEqual(['grp-1', 'grp-2']);
    await expect(b.manager.restore(saved().groups)).rejects.toThrow(/fresh position manager/);
  });

  it('goes on chasing a restored entry from where it stood: the next move and the conversion, no second order', async () => {
    const a = setup();
    const saved = store(a);
    const chase = { everyMs: 5_000, maxModifications: 2, offsetTicks: 2 };
    const legs = [leg({ id: 'ce', symbol: CE, side: 'BUY' })];
    await a.enter({ legs, orderType: 'CHASE', chase }); // 120.05 − 2 ticks = 119.95, resting
    a.market.setPrice(CE, 120.5);
    a.clock.set(T0 + 5_000);
    await new PositionMonitor(a.manager, a.market).evaluate(a.clock.now()); // moved to 120.50 − 0.10 = 120.40

    const b = await restart(saved.load());
    expect(b.manager.hasChases).toBe(true);
    const monitor = new PositionMonitor(b.manager, b.market);
    b.market.setPrice(CE, 121);
    b.clock.set(T0 + 9_999);
    await monitor.evaluate(b.clock.now());
    expect((await b.broker.orders())[0]).toMatchObject({ type: 'LIMIT', price: 120.4, status: 'OPEN' }); // the next round is not due yet

    b.clock.set(T0 + 10_000);
    await monitor.evaluate(b.clock.now()); // second move: 121.00 − 0.10 = 120.90
    b.clock.set(T0 + 15_000);
    await monitor.evaluate(b.clock.now()); // both moves spent: to MARKET, filled at 121.00
    const orders = await b.broker.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: 'ord-1', type: 'MARKET', status: 'FILLED', avgFillPrice: 121 });
    expect(orders[0]?.modifications).toEqual([
      { time: T0 + 5_000, type: 'LIMIT', price: 120.4 },
      { time: T0 + 10_000, type: 'LIMIT', price: 120.9 },
      { time: T0 + 15_000, type: 'MARKET', price: null },
    ]);
    expect(legStates(b)).toEqual([['grp-1', 'open', [['ce', 'open', 121]]]]);
    expect(b.manager.hasChases).toBe(false);
  });
});
