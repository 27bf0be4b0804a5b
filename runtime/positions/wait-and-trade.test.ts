import { describe, expect, it } from 'vitest';
import { PositionMonitor } from './monitor.ts';
import { SymbolTable } from './group.ts';
import { groupFromSnapshot, type GroupSnapshot } from './snapshot.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

/** A short straddle at CE 120.05 / PE 110.00 whose CE waits for its premium to rise 10 % first. */
function waiting() {
  const s = setup();
  const monitor = new PositionMonitor(s.manager, s.market);
  const snapshots: GroupSnapshot[] = [];
  s.manager.onGroupChange((g) => snapshots.push(g));
  const at = async (ms: number, ce: number) => {
    s.market.setPrice(CE, ce);
    s.clock.set(ms);
    await monitor.evaluate(ms);
  };
  const legs = [leg({ id: 'ce', symbol: CE, side: 'SELL', waitMovePct: 10 }), leg({ id: 'pe', symbol: PE, side: 'SELL' })];
  const view = (id: string) => s.manager.groups('dep-1')[0]!.legs.find((l) => l.id === id)!;
  const ceOrders = async () => (await s.broker.orders({ symbol: CE })).map((o) => [o.side, o.qty, o.avgFillPrice]);
  return { ...s, at, view, ceOrders, snapshots, enterWaiting: () => s.enter({ legs }) };
}

describe('wait and trade', () => {
  it('sells the call only once its premium has risen 10 % from the signal; the put goes at once', async () => {
    const s = waiting();
    await s.enterWaiting();
    // 120.05 × 1.10 = 132.055 → 132.05 on the tick.
    expect(s.view('ce')).toMatchObject({ status: 'pending', waitingFor: 132.05 });
    expect(s.view('pe')).toMatchObject({ status: 'open', entryPrice: 110 });
    expect(await s.ceOrders()).toEqual([]);
    await s.at(T0 + 1_000, 132);
    expect(await s.ceOrders()).toEqual([]);
    await s.at(T0 + 2_000, 132.1);
    expect(await s.ceOrders()).toEqual([['SELL', 65, 132.1]]);
    expect(s.view('ce')).toMatchObject({ status: 'open', entryPrice: 132.1, waitingFor: null });
    await s.at(T0 + 3_000, 140);
    expect(await s.ceOrders()).toHaveLength(1);
  });

  it('a waiting leg is cancelled by an exit, without any order', async () => {
    const s = waiting();
    await s.enterWaiting();
    await s.manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT signal' });
    expect(s.view('ce')).toMatchObject({ status: 'cancelled', waitingFor: null });
    await s.at(T0 + 1_000, 140);
    expect(await s.ceOrders()).toEqual([]);
    expect(s.manager.groups('dep-1')[0]?.status).toBe('closed');
  });

  it('after a restart the leg is still waiting for the same trigger', async () => {
    const s = waiting();
    await s.enterWaiting();
    const restored = groupFromSnapshot(s.snapshots.at(-1)!, new SymbolTable(), 5);
    expect(restored.legs.map((l) => [l.id, l.status, l.waitTriggerPaise])).toEqual([
      ['ce', 'pending', 13_205],
      ['pe', 'open', null],
    ]);
  });
});
