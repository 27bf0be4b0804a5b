import { describe, expect, it } from 'vitest';
import { BrokerRouter } from '../broker/broker-router.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { istToMs } from '../time.ts';
import { PositionManager } from './position-manager.ts';
import { PositionMonitor } from './monitor.ts';
import type { GroupSnapshot } from './snapshot.ts';
import { CE, PE, T0, leg, shortStraddle } from '../testing/positions.ts';
import type { EnterArgs } from './types.ts';

const HOUR = 3_600_000;

/** SIM broker and manager keeping what is done with for an hour, and a store of the groups they reported. */
function world(at = T0) {
  const market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
  const clock = new VirtualClock(at);
  const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }] });
  const manager = new PositionManager({ router: new BrokerRouter([broker]), market, clock, keepClosedMs: HOUR });
  const saved = new Map<string, GroupSnapshot>();
  manager.onGroupChange((g) => saved.set(g.id, g));
  const enter = (key: string, over: Partial<EnterArgs> = {}) =>
    manager.enter({
      deploymentId: 'dep-1',
      mode: 'sim',
      accountId: 'SIM-1',
      legs: shortStraddle(),
      risk: {},
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: key,
      ...over,
    });
  const exitAll = () => manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT' });
  const step = (ms: number) => {
    clock.set(ms);
    manager.forgetClosed(ms);
  };
  return { market, clock, broker, manager, saved, enter, exitAll, step };
}

describe('PositionManager with keepClosedMs', () => {
  it('forgets a closed group keepClosedMs after it closed, with its entry key and order links; its P&L stays counted', async () => {
    const w = world();
    await w.enter('sig-1');
    w.market.setPrice(CE, 100);
    await w.exitAll();
    await w.enter('sig-2');
    const closedNet = w.manager.closedNetPaise('dep-1');
    const today = w.manager.dayRealisedPaise('dep-1', T0);
    expect(today).toBe(130_325); // (120.05 − 100) × 65 on the CE, nothing on the PE

    w.step(T0 + HOUR - 1);
    expect(w.manager.groups('dep-1').map((g) => g.id)).toEqual(['grp-1', 'grp-2']);
    w.step(T0 + HOUR);
    expect(w.manager.groups('dep-1').map((g) => [g.id, g.status])).toEqual([['grp-2', 'open']]);
    expect(w.manager.retained()).toMatchObject({ groups: 1, openGroups: 1, entries: 1, orderLinks: 2 });
    expect(w.manager.closedNetPaise('dep-1')).toBe(closedNet);
    expect(w.manager.dayRealisedPaise('dep-1', T0 + HOUR)).toBe(today);
    // The open group is never forgotten, however long it is held.
    w.step(T0 + 5 * HOUR);
    expect(w.manager.openGroupsOf('dep-1').map((g) => g.id)).toEqual(['grp-2']);
  });

  it('keeps restored closed groups keepClosedMs from the restore, so a replayed entry returns its group and places nothing', async () => {
    const before = world();
    await before.enter('sig-1');
    await before.exitAll();
    expect(await before.broker.orders()).toHaveLength(4);

    const after = world(T0 + 3 * HOUR);
    await after.manager.restore([...before.saved.values()]);
    after.step(T0 + 3 * HOUR + 1);
    expect(await after.enter('sig-1')).toMatchObject({ groupId: 'grp-1', orders: [{ status: 'FILLED' }, { status: 'FILLED' }] });
    expect(await after.broker.orders()).toEqual([]);
    after.step(T0 + 4 * HOUR);
    expect(after.manager.groups('dep-1')).toEqual([]);
  });

  it('keeps a closed group while one of its stopped legs is watched for a re-entry at cost, and forgets it after', async () => {
    const w = world();
    const monitor = new PositionMonitor(w.manager, w.market);
    await w.enter('sig-1', { legs: [leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 }, watchReturnAfterStop: true })] });
    w.market.setPrice(CE, 150.1);
    await monitor.evaluate(T0 + 1_000);
    expect(w.manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', legs: [{ awaitingReturn: true }] });
    w.step(T0 + 1_000 + HOUR);
    expect(w.manager.groups('dep-1')).toHaveLength(1);
    expect(w.manager.returnWatched().size).toBe(1);
    // The watch ends at the close: the group goes keepClosedMs later.
    const close = istToMs('2026-11-25', '15:30');
    await monitor.evaluate(close);
    expect(w.manager.returnWatched().size).toBe(0);
    w.step(close + HOUR);
    expect(w.manager.groups('dep-1')).toEqual([]);
  });
});
