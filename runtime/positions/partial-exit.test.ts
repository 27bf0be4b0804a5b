import { describe, expect, it } from 'vitest';
import { PositionMonitor } from './monitor.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

function withMonitor() {
  const env = setup();
  return { ...env, monitor: new PositionMonitor(env.manager, env.market) };
}

const straddle = (lots: number) => [
  leg({ id: 'ce', symbol: CE, side: 'SELL', lots, stopLoss: { type: 'pct', value: 25 } }),
  leg({ id: 'pe', symbol: PE, side: 'SELL', lots, stopLoss: { type: 'pct', value: 25 } }),
];

describe('partial exits', () => {
  it('exits half of each leg, then a lot of one leg, FIFO P&L exact; the stop still guards the rest', async () => {
    const { enter, manager, market, monitor, clock, broker, events } = withMonitor();
    await enter({ legs: straddle(4) }); // SELL 4 lots (260) CE at 120.05 and PE at 110.00
    market.setPrice(CE, 100).setPrice(PE, 115);
    const half = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'book half', portion: { pct: 50 } });
    expect(half.orders.map((o) => [o.legId, o.side, o.qty, o.fillPrice])).toEqual([
      ['ce', 'BUY', 130, 100],
      ['pe', 'BUY', 130, 115],
    ]);
    expect(half.groupIds).toEqual([]);
    let [group] = manager.groups('dep-1');
    // CE (120.05 − 100.00) × 130 = 2,606.50; PE (110.00 − 115.00) × 130 = −650.00
    expect(group?.legs.map((l) => [l.status, l.lots, l.qty, l.realisedPnl])).toEqual([
      ['open', 2, 130, 2606.5],
      ['open', 2, 130, -650],
    ]);
    expect(group).toMatchObject({ status: 'open', realisedPnl: 1956.5 });

    market.setPrice(CE, 90);
    await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'book a lot', portion: { lots: 1 } });
    [group] = manager.groups('dep-1');
    // (120.05 − 90.00) × 65 = 1,953.25 more: 4,559.75 on the CE
    expect(group?.legs[0]).toMatchObject({ status: 'open', lots: 1, qty: 65, realisedPnl: 4559.75, stopPrice: 150.05 });
    expect(group?.legs[0]?.partialExits).toEqual([
      { lots: 2, qty: 130, price: 100, reason: 'book half', time: T0 },
      { lots: 1, qty: 65, price: 90, reason: 'book a lot', time: T0 },
    ]);

    // The 25 % stop (150.05) takes the last lot: (120.05 − 150.05) × 65 = −1,950.00; the leg made 2,609.75.
    market.setPrice(CE, 150.05);
    clock.set(T0 + 60_000);
    await monitor.evaluate(clock.now());
    expect(events.map((e) => [e.type, e.legId, e.price, e.pnl])).toEqual([['leg_stop_hit', 'ce', 150.05, 2609.75]]);
    [group] = manager.groups('dep-1');
    expect(group?.legs[0]).toMatchObject({ status: 'closed', qty: 65, exitPrice: 150.05, realisedPnl: 2609.75 });
    // 2,606.50 − 650.00 + 1,953.25 − 1,950.00
    expect(group).toMatchObject({ status: 'open', realisedPnl: 1959.75 });
    const position = (await broker.positions('SIM-1')).find((p) => p.symbol === CE);
    expect(position).toMatchObject({ qty: 0, realisedPnl: 2609.75 });
  });

  it('a stop hit while a chased partial exit rests: that part goes to market at once, the rest right after it', async () => {
    const { enter, manager, market, monitor, clock, broker, events } = withMonitor();
    await enter({ legs: straddle(4) }); // SELL 4 lots (260) CE at 120.05, stop 25 %: 150.0625 → 150.05
    market.setPrice(CE, 100);
    const chase = { everyMs: 5_000, maxModifications: 2, offsetTicks: 1 };
    const half = await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'book half', portion: { pct: 50 }, orderType: 'CHASE', chase });
    expect(half.orders[0]).toMatchObject({ side: 'BUY', qty: 130, type: 'LIMIT', price: 99.95, status: 'OPEN' }); // 100.00 − 1 tick

    // 1 s later the premium is at the stop, with the limit still resting below it: 130 units are held unguarded
    // unless the stop is checked during the exit.
    market.setPrice(CE, 150.05);
    clock.set(T0 + 1_000);
    await monitor.evaluate(clock.now());
    // The stop-out is reported on all 260 units the leg held: (120.05 − 150.05) × 260 = −₹7,800.00.
    expect(events.map((e) => [e.type, e.legId, e.price, e.pnl, e.time])).toEqual([['leg_stop_hit', 'ce', 150.05, -7800, T0 + 1_000]]);
    const exits = (await broker.orders()).filter((o) => o.symbol === CE && o.side === 'BUY');
    expect(exits.map((o) => [o.qty, o.type, o.status, o.avgFillPrice])).toEqual([
      [130, 'MARKET', 'FILLED', 150.05], // the chased half, converted at the stop
      [130, 'MARKET', 'FILLED', 150.05], // the rest, sent once that filled
    ]);
    expect(exits[0]?.modifications).toEqual([{ time: T0 + 1_000, type: 'MARKET', price: null }]);
    // Each half (120.05 − 150.05) × 130 = −3,900.00; the leg −7,800.00, closed by its stop. The PE is open.
    const [group] = manager.groups('dep-1');
    expect(group?.legs[0]).toMatchObject({ status: 'closed', qty: 130, exitPrice: 150.05, exitReason: 'leg stop-loss', realisedPnl: -7800 });
    expect(group?.legs[0]?.partialExits).toEqual([{ lots: 2, qty: 130, price: 150.05, reason: 'book half', time: T0 + 1_000 }]);
    expect(group).toMatchObject({ status: 'open', realisedPnl: -7800, legs: [expect.anything(), expect.objectContaining({ status: 'open' })] });
    const position = (await broker.positions('SIM-1')).find((p) => p.symbol === CE);
    expect(position).toMatchObject({ qty: 0, realisedPnl: -7800 });
  });

  it('keeps the combined target working on what is left', async () => {
    const { enter, manager, market, monitor, clock, events } = withMonitor();
    await enter({ legs: straddle(2), risk: { mtmTarget: 1000 } });
    await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'halve', portion: { lots: 1 } }); // at cost: 0 realised
    // 1 lot each left: (120.05 − 112.35) × 65 + (110 − 102.35) × 65 = 500.50 + 497.25 = 997.75 (2 lots would be 1,995.50)
    market.setPrice(CE, 112.35).setPrice(PE, 102.35);
    await monitor.evaluate(clock.now());
    expect(events).toEqual([]);
    // 503.75 + 497.25 = 1,001.00 ≥ 1,000
    market.setPrice(CE, 112.3);
    await monitor.evaluate(clock.now());
    expect(events.map((e) => [e.type, e.pnl])).toEqual([
      ['mtm_target_hit', 1001],
      ['group_exited', 1001],
    ]);
    expect(manager.groups('dep-1')[0]?.legs.map((l) => [l.status, l.qty, l.exitPrice])).toEqual([
      ['closed', 65, 112.3],
      ['closed', 65, 102.35],
    ]);
  });

  it('rounds a percentage down to whole lots, at least one, and takes slices oldest first', async () => {
    const { enter, manager } = setup();
    const legs = [
      leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 27 }),
      leg({ id: 'ce#2', symbol: CE, side: 'SELL', lots: 13 }),
      leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 3 }),
    ];
    await enter({ legs });
    // CE 40 lots × 75 % = 30 → 27 from `ce`, 3 from `ce#2`; PE 3 lots × 75 % = 2.25 → 2
    const out = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'trim', portion: { pct: 75 } });
    expect(out.orders.map((o) => [o.legId, o.qty])).toEqual([
      ['ce', 1755],
      ['ce#2', 195],
      ['pe', 130],
    ]);
    const lots = () => manager.groups('dep-1')[0]?.legs.map((l) => [l.id, l.status, l.lots]);
    expect(lots()).toEqual([
      ['ce', 'closed', 27],
      ['ce#2', 'open', 10],
      ['pe', 'open', 1],
    ]);
    // 1 lot × 10 % = 0.1 → at least 1 lot; more lots than held → all of it
    await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'pe', reason: 'trim', portion: { pct: 10 } });
    await manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'trim', portion: { lots: 50 } });
    expect(lots()).toEqual([
      ['ce', 'closed', 27],
      ['ce#2', 'closed', 10],
      ['pe', 'closed', 1],
    ]);
    expect(manager.groups('dep-1')[0]?.status).toBe('closed');
  });
});
