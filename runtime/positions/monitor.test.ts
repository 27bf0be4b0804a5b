import { describe, expect, it } from 'vitest';
import type { MarketPort } from '../context.ts';
import { istToMs } from '../time.ts';
import { BrokerRouter } from '../broker/broker-router.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { PositionMonitor } from './monitor.ts';
import { PositionManager } from './position-manager.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';
import type { PositionEvent } from './types.ts';

function withMonitor(...args: Parameters<typeof setup>) {
  const env = setup(...args);
  const monitor = new PositionMonitor(env.manager, env.market);
  return { ...env, monitor };
}

describe('PositionMonitor', () => {
  it('buys back a short straddle leg at its stop, then exits the group on the MTM stop', async () => {
    const { enter, market, monitor, manager, events, clock } = withMonitor();
    await enter({ risk: { mtmStopLoss: 3000 } });

    market.setPrice(CE, 150); // below the 150.05 stop
    await monitor.evaluate(clock.now());
    expect(events).toEqual([]);

    market.setPrice(CE, 150.1).setPrice(PE, 100);
    clock.set(T0 + 1_000);
    await monitor.evaluate(T0 + 1_000);
    expect(events).toEqual([
      // No charges model here: net = gross.
      {
        type: 'leg_stop_hit',
        deploymentId: 'dep-1',
        groupId: 'grp-1',
        legId: 'ce',
        symbol: CE,
        price: 150.1,
        pnl: -1953.25,
        charges: 0,
        netPnl: -1953.25,
        time: T0 + 1_000,
      },
    ]);
    // −(150.10 − 120.05) × 65 = −1,953.25, bought back at 150.10
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'closed', exitPrice: 150.1, exitReason: 'leg stop-loss', realisedPnl: -1953.25 });

    // MTM = −1,953.25 + (110 − 130) × 65 = −3,253.25 ≤ −3,000; the PE stop (137.50) is not hit.
    market.setPrice(PE, 130);
    clock.set(T0 + 2_000);
    await monitor.evaluate(T0 + 2_000);
    expect(events.slice(1)).toEqual([
      { type: 'mtm_stop_hit', deploymentId: 'dep-1', groupId: 'grp-1', pnl: -3253.25, charges: 0, netPnl: -3253.25, time: T0 + 2_000 },
      { type: 'group_exited', deploymentId: 'dep-1', groupId: 'grp-1', pnl: -3253.25, charges: 0, netPnl: -3253.25, time: T0 + 2_000 },
    ]);
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: -3253.25 });

    await monitor.evaluate(T0 + 3_000);
    expect(events).toHaveLength(3);
  });

  it('takes a BUY leg’s target and reports the whole group exited', async () => {
    const { enter, market, monitor, events, manager } = withMonitor();
    market.setPrice(CE, 100);
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY', target: { type: 'points', value: 20 }, stopLoss: { type: 'points', value: 10 } })] });
    market.setPrice(CE, 119.95);
    await monitor.evaluate(T0);
    expect(events).toEqual([]);
    market.setPrice(CE, 120);
    await monitor.evaluate(T0);
    expect(events.map((e) => [e.type, e.pnl])).toEqual([
      ['leg_target_hit', 1300],
      ['group_exited', 1300], // (120 − 100) × 65
    ]);
    expect(manager.groups('dep-1')[0]?.legs[0]?.exitReason).toBe('leg target');
  });

  it('stops a BUY leg when LTP falls to its stop', async () => {
    const { enter, market, monitor, events } = withMonitor();
    market.setPrice(CE, 100);
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY', stopLoss: { type: 'pct', value: 10 } })] });
    market.setPrice(CE, 90);
    await monitor.evaluate(T0);
    expect(events.map((e) => [e.type, e.pnl])).toEqual([
      ['leg_stop_hit', -650],
      ['group_exited', -650],
    ]);
  });

  it('exits the group on the MTM target', async () => {
    const { enter, market, monitor, events } = withMonitor();
    await enter({ risk: { mtmTarget: 1000 } });
    // (120.05 − 115) × 65 + (110 − 100) × 65 = 328.25 + 650 = 978.25: not yet
    market.setPrice(CE, 115).setPrice(PE, 100);
    await monitor.evaluate(T0);
    expect(events).toEqual([]);
    // (120.05 − 114.60) × 65 + 650 = 354.25 + 650 = 1,004.25
    market.setPrice(CE, 114.6);
    await monitor.evaluate(T0);
    expect(events.map((e) => [e.type, e.pnl])).toEqual([
      ['mtm_target_hit', 1004.25],
      ['group_exited', 1004.25],
    ]);
  });

  it('squares the group off at squareOffAt IST on the day of entry', async () => {
    const { enter, monitor, events, clock } = withMonitor();
    await enter({ risk: { squareOffAt: '15:15' } });
    await monitor.evaluate(istToMs('2026-11-25', '15:14:59'));
    expect(events).toEqual([]);
    const at = istToMs('2026-11-25', '15:15');
    clock.set(at);
    await monitor.evaluate(at);
    expect(events.map((e) => [e.type, e.pnl, e.time])).toEqual([
      ['square_off', 0, at],
      ['group_exited', 0, at],
    ]);
  });

  it('reports a group exited by the graph too', async () => {
    const { enter, manager, events } = withMonitor();
    await enter();
    await manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT signal' });
    expect(events.map((e) => e.type)).toEqual(['group_exited']);
  });

  it('does not judge a leg without a quote', async () => {
    const { enter, market, monitor, events } = withMonitor();
    await enter({ risk: { mtmStopLoss: 1 } });
    market.remove(PE).setPrice(CE, 121); // MTM would be −63.70, but the PE cannot be priced
    await monitor.evaluate(T0);
    expect(events).toEqual([]);
  });

  it('evaluates 10,000 open legs, reading each symbol’s quote once per evaluation', async () => {
    const prices = new FixedMarket();
    const strikes = Array.from({ length: 50 }, (_, i) => 24_000 + i * 50);
    const symbols = strikes.flatMap((k) => [`NIFTY01DEC26${k}CE`, `NIFTY01DEC26${k}PE`]);
    for (const s of symbols) prices.setPrice(s, 100);
    const reads = new Map<string, number>();
    const market: MarketPort = {
      spot: (u) => prices.spot(u),
      quote: (s) => {
        reads.set(s, (reads.get(s) ?? 0) + 1);
        return prices.quote(s);
      },
    };
    const clock = new VirtualClock(T0);
    const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }] });
    const manager = new PositionManager({ router: new BrokerRouter([broker]), market, clock });
    const events: PositionEvent[] = [];
    manager.onEvent((e) => events.push(e));
    const stopLoss = { type: 'points' as const, value: 20 }; // SELL at 100: stop 120
    for (let g = 0; g < 5_000; g++) {
      const ce = symbols[(2 * g) % symbols.length] as string;
      const pe = symbols[(2 * g + 1) % symbols.length] as string;
      const legs = [leg({ id: 'ce', symbol: ce, side: 'SELL', stopLoss }), leg({ id: 'pe', symbol: pe, side: 'SELL', stopLoss })];
      await manager.enter({
        deploymentId: `dep-${g % 10}`,
        mode: 'sim',
        accountId: 'SIM-1',
        legs,
        risk: {},
        orderType: 'MARKET',
        limitOffsetPct: 0,
        idempotencyKey: `g${g}`,
      });
    }
    expect(manager.openGroups()).toHaveLength(5_000);

    const monitor = new PositionMonitor(manager, market);
    reads.clear();
    await monitor.evaluate(T0);
    expect(events).toEqual([]);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(reads.size).toBe(100);

    // The first 5 strikes' CEs reach their stop: 5 of 50 CE symbols, each sold in 100 groups.
    for (const k of strikes.slice(0, 5)) prices.setPrice(`NIFTY01DEC26${k}CE`, 120);
    await monitor.evaluate(T0 + 1_000);
    expect(events.filter((e) => e.type === 'leg_stop_hit')).toHaveLength(500);
    expect(manager.openGroups()).toHaveLength(5_000);
  });
});
