import { describe, expect, it } from 'vitest';
import { PositionMonitor } from './monitor.ts';
import { SymbolTable } from './group.ts';
import { groupFromSnapshot, snapshotOf, type GroupSnapshot } from './snapshot.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

/** NIFTY 2 lots (130) short straddle at CE 120.00 / PE 110.00, 25 % stops; the CE trails 10 per 10 points. */
function straddle(options: { peToCost?: boolean } = {}) {
  const env = setup();
  env.market.setPrice(CE, 120).setPrice(PE, 110);
  const monitor = new PositionMonitor(env.manager, env.market);
  const snapshots: GroupSnapshot[] = [];
  env.manager.onGroupChange((s) => snapshots.push(s));
  let t = T0;
  const at = async (prices: { ce?: number; pe?: number }) => {
    if (prices.ce !== undefined) env.market.setPrice(CE, prices.ce);
    if (prices.pe !== undefined) env.market.setPrice(PE, prices.pe);
    t += 1_000;
    env.clock.set(t);
    await monitor.evaluate(t);
  };
  const legs = [
    leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 2, stopLoss: { type: 'pct', value: 25 }, trail: { type: 'points', every: 10, by: 10 } }),
    leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 2, stopLoss: { type: 'pct', value: 25 }, ...(options.peToCost ? { stopToCostOnOtherStop: true } : {}) }),
  ];
  const view = (id: string) => env.manager.groups('dep-1')[0]!.legs.find((l) => l.id === id)!;
  return { ...env, monitor, at, view, snapshots, enter: () => env.enter({ legs }) };
}

describe('trailing stop', () => {
  it('moves a short leg’s stop 10 down for every 10 the premium falls, and exits there to the paisa', async () => {
    const s = straddle();
    await s.enter();
    expect(s.view('ce')).toMatchObject({ entryPrice: 120, stopPrice: 150, qty: 130 }); // 120 × 1.25

    await s.at({ ce: 110.05 }); // 9.95 in favour: not yet a step
    expect(s.view('ce').stopPrice).toBe(150);
    await s.at({ ce: 110 }); // 10 in favour: one step
    expect(s.view('ce').stopPrice).toBe(140);
    await s.at({ ce: 95 }); // 25 in favour: two steps
    expect(s.view('ce').stopPrice).toBe(130);
    await s.at({ ce: 104 }); // a rise never moves a trailing stop back
    expect(s.view('ce').stopPrice).toBe(130);
    expect(s.snapshots.at(-1)?.legs[0]?.trailSteps).toBe(2);

    await s.at({ ce: 129.95 });
    expect(s.view('ce').status).toBe('open');
    await s.at({ ce: 130 });
    // Bought back at 130.00: (120.00 − 130.00) × 130 = −₹1,300.00.
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 130, exitReason: 'leg stop-loss', realisedPnl: -1300 });
    expect(s.events).toEqual([
      {
        type: 'leg_stop_hit',
        deploymentId: 'dep-1',
        groupId: 'grp-1',
        legId: 'ce',
        symbol: CE,
        price: 130,
        pnl: -1300,
        charges: 0,
        netPnl: -1300,
        time: T0 + 6_000,
      },
    ]);
    expect(s.view('pe')).toMatchObject({ status: 'open', stopPrice: 137.5 });
  });

  it('a percent trail steps by percent of the entry premium, on the tick', async () => {
    const s = setup();
    s.market.setPrice(CE, 201.35);
    const monitor = new PositionMonitor(s.manager, s.market);
    // Every 10 % of 201.35 (20.135) the stop falls 5 % (10.0675 → 10.05 on the tick); stop 25 % → 251.6875 → 251.70.
    await s.enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 }, trail: { type: 'pct', every: 10, by: 5 } })] });
    s.market.setPrice(CE, 161.05); // 40.30 in favour: two steps of 20.135
    await monitor.evaluate(T0 + 1_000);
    // 251.70 − 2 × 10.05 = 231.60
    expect(s.manager.groups('dep-1')[0]!.legs[0]).toMatchObject({ stopPrice: 231.6 });
  });

  it('trails a bought leg’s stop upward', async () => {
    const s = setup();
    s.market.setPrice(CE, 100);
    const monitor = new PositionMonitor(s.manager, s.market);
    await s.enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY', stopLoss: { type: 'points', value: 20 }, trail: { type: 'points', every: 10, by: 5 } })] });
    s.market.setPrice(CE, 125);
    await monitor.evaluate(T0 + 1_000);
    expect(s.manager.groups('dep-1')[0]!.legs[0]).toMatchObject({ stopPrice: 90 }); // 80 + 2 × 5
    s.market.setPrice(CE, 90);
    await monitor.evaluate(T0 + 2_000);
    // Sold at 90.00: (90 − 100) × 65 = −₹650.00.
    expect(s.manager.groups('dep-1')[0]!.legs[0]).toMatchObject({ status: 'closed', exitPrice: 90, realisedPnl: -650 });
  });

  it('a restored group keeps its trailed stop and goes on trailing from it', async () => {
    const s = straddle();
    await s.enter();
    await s.at({ ce: 95 });
    const restored = groupFromSnapshot(s.snapshots.at(-1)!, new SymbolTable(), 5);
    const ce = restored.legs[0]!;
    expect([ce.stopPaise, ce.trailSteps]).toEqual([13_000, 2]);
    expect(snapshotOf(restored).legs[0]?.trailSteps).toBe(2);
  });
});

describe('stop to cost', () => {
  it('after the CE is stopped out, the PE’s stop moves to its entry price and exits there', async () => {
    const s = straddle({ peToCost: true });
    await s.enter();
    await s.at({ ce: 150, pe: 100 }); // CE stop (150.00) hit
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 150, realisedPnl: -3900 }); // (120 − 150) × 130
    expect(s.view('pe')).toMatchObject({ status: 'open', stopPrice: 110 });
    await s.at({ pe: 110.05 });
    // (110.00 − 110.05) × 130 = −₹6.50; the group: −3,900.00 − 6.50 = −₹3,906.50.
    expect(s.view('pe')).toMatchObject({ status: 'closed', exitPrice: 110.05, realisedPnl: -6.5 });
    expect(s.manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: -3906.5 });
  });

  it('without the option, the other leg keeps its own stop', async () => {
    const s = straddle();
    await s.enter();
    await s.at({ ce: 150, pe: 100 });
    expect(s.view('pe')).toMatchObject({ status: 'open', stopPrice: 137.5 });
  });

  /**
   * 1 lot (65) of the CE at 150.00, stop 20 points, trailing 10 per 10 points, to cost on the other stop; the
   * PE sold at 100.00 with a 25-point stop (125.00).
   */
  function trailedToCost(ceSide: 'SELL' | 'BUY') {
    const s = setup();
    s.market.setPrice(CE, 150).setPrice(PE, 100);
    const monitor = new PositionMonitor(s.manager, s.market);
    let t = T0;
    const at = async (prices: { ce?: number; pe?: number }) => {
      if (prices.ce !== undefined) s.market.setPrice(CE, prices.ce);
      if (prices.pe !== undefined) s.market.setPrice(PE, prices.pe);
      t += 1_000;
      s.clock.set(t);
      await monitor.evaluate(t);
    };
    const legs = [
      leg({
        id: 'ce',
        symbol: CE,
        side: ceSide,
        stopLoss: { type: 'points', value: 20 },
        trail: { type: 'points', every: 10, by: 10 },
        stopToCostOnOtherStop: true,
      }),
      leg({ id: 'pe', symbol: PE, side: 'SELL', stopLoss: { type: 'points', value: 25 } }),
    ];
    const view = (id: string) => s.manager.groups('dep-1')[0]!.legs.find((l) => l.id === id)!;
    return { ...s, at, view, enter: () => s.enter({ legs }) };
  }

  it('never loosens a short leg’s stop that the trail has moved past cost', async () => {
    const s = trailedToCost('SELL');
    await s.enter();
    expect(s.view('ce')).toMatchObject({ entryPrice: 150, stopPrice: 170 }); // 150 + 20
    await s.at({ ce: 120 }); // 30 in favour: three steps of 10, stop 170 − 3 × 10 = 140.00, past cost
    expect(s.view('ce').stopPrice).toBe(140);

    await s.at({ pe: 125 }); // the PE's stop: (100 − 125) × 65 = −₹1,625.00
    expect(s.view('pe')).toMatchObject({ status: 'closed', exitPrice: 125, realisedPnl: -1625 });
    expect(s.view('ce')).toMatchObject({ status: 'open', stopPrice: 140 }); // not back up to 150

    await s.at({ ce: 140 });
    // Bought back at the trailed stop: (150 − 140) × 65 = +₹650.00; the group −1,625.00 + 650.00 = −₹975.00.
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 140, exitReason: 'leg stop-loss', realisedPnl: 650 });
    expect(s.manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: -975 });
  });

  it('never loosens a long leg’s stop that the trail has moved past cost', async () => {
    const s = trailedToCost('BUY');
    await s.enter();
    expect(s.view('ce')).toMatchObject({ entryPrice: 150, stopPrice: 130 }); // 150 − 20
    await s.at({ ce: 180 }); // 30 in favour: stop 130 + 3 × 10 = 160.00, past cost
    expect(s.view('ce').stopPrice).toBe(160);

    await s.at({ pe: 125 });
    expect(s.view('ce')).toMatchObject({ status: 'open', stopPrice: 160 }); // not back down to 150

    await s.at({ ce: 160 });
    // Sold at the trailed stop: (160 − 150) × 65 = +₹650.00; the group −1,625.00 + 650.00 = −₹975.00.
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 160, realisedPnl: 650 });
    expect(s.manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: -975 });
  });

  it('still tightens a trailed stop that has not reached cost, and leaves one exactly at cost', async () => {
    const short = trailedToCost('SELL');
    await short.enter();
    await short.at({ ce: 140 }); // one step: 170 − 10 = 160.00, still above cost
    await short.at({ pe: 125 });
    expect(short.view('ce').stopPrice).toBe(150); // to cost: tighter than 160

    const long = trailedToCost('BUY');
    await long.enter();
    await long.at({ ce: 170 }); // two steps: 130 + 2 × 10 = 150.00, exactly cost
    await long.at({ pe: 125 });
    expect(long.view('ce')).toMatchObject({ status: 'open', stopPrice: 150 });
  });
});
