import { describe, expect, it } from 'vitest';
import { chasePricePaise } from './chase.ts';
import { PositionMonitor } from './monitor.ts';
import { CE, T0, leg, setup } from '../testing/positions.ts';

const chase = { everyMs: 5_000, maxModifications: 2, offsetTicks: 2 };

function withMonitor() {
  const env = setup();
  return { ...env, monitor: new PositionMonitor(env.manager, env.market) };
}

describe('limit-with-chase', () => {
  it('prices the limit off LTP on the tick, in the trader’s favour', () => {
    expect(chasePricePaise('BUY', 12_005, 2, 5)).toBe(11_995);
    expect(chasePricePaise('SELL', 12_005, 2, 5)).toBe(12_015);
    expect(chasePricePaise('BUY', 12_003, 0, 5)).toBe(12_005); // LTP off the tick: rounded first
    expect(chasePricePaise('BUY', 10, 3, 5)).toBe(5); // never below one tick
  });

  it('moves a resting entry to the new LTP every 5 s, twice, then buys at market', async () => {
    const { enter, manager, market, monitor, clock, broker } = withMonitor();
    const result = await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY' })], orderType: 'CHASE', chase });
    // 120.05 − 2 ticks = 119.95, resting
    expect(result.orders[0]).toMatchObject({ type: 'LIMIT', price: 119.95, status: 'OPEN' });

    market.setPrice(CE, 120.5);
    clock.set(T0 + 4_999);
    await monitor.evaluate(clock.now());
    expect((await broker.orders())[0]?.price).toBe(119.95); // not due yet

    clock.set(T0 + 5_000);
    await monitor.evaluate(clock.now()); // 120.50 − 0.10 = 120.40
    clock.set(T0 + 10_000);
    await monitor.evaluate(clock.now()); // LTP unchanged: the round counts, nothing is sent
    expect(manager.groups('dep-1')[0]?.legs[0]?.status).toBe('pending');

    market.setPrice(CE, 121);
    clock.set(T0 + 15_000);
    await monitor.evaluate(clock.now()); // after 2 rounds: to MARKET, filled at 121.00
    const [order] = await broker.orders();
    expect(order).toMatchObject({ type: 'MARKET', price: null, status: 'FILLED', avgFillPrice: 121 });
    expect(order?.modifications).toEqual([
      { time: T0 + 5_000, type: 'LIMIT', price: 120.4 },
      { time: T0 + 15_000, type: 'MARKET', price: null },
    ]);
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'open', entryPrice: 121 });
    expect(manager.hasChases).toBe(false);
  });

  it('stops chasing once the moved limit fills', async () => {
    const { enter, manager, market, monitor, clock, broker } = withMonitor();
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' })], orderType: 'CHASE', chase }); // 120.15
    market.setPrice(CE, 119.5);
    clock.set(T0 + 5_000);
    await monitor.evaluate(clock.now()); // 119.50 + 0.10 = 119.60
    market.setPrice(CE, 119.6);
    broker.onMarket(); // crossed: fills at the limit
    clock.set(T0 + 20_000);
    await monitor.evaluate(clock.now());
    const [order] = await broker.orders();
    expect(order).toMatchObject({ type: 'LIMIT', status: 'FILLED', avgFillPrice: 119.6, modifications: [{ time: T0 + 5_000, type: 'LIMIT', price: 119.6 }] });
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'open', entryPrice: 119.6 });
  });

  it('chases an exit: a short call bought back at its resting limit, P&L to the paisa', async () => {
    const { enter, manager, market, monitor, clock, broker } = withMonitor();
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' })] }); // sold at 120.05
    market.setPrice(CE, 118);
    const exit = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT', orderType: 'CHASE', chase: { ...chase, offsetTicks: 1 } });
    expect(exit.orders[0]).toMatchObject({ side: 'BUY', type: 'LIMIT', price: 117.95, status: 'OPEN' }); // 118.00 − 1 tick
    market.setPrice(CE, 117.9);
    broker.onMarket();
    await monitor.evaluate(clock.now());
    // (120.05 − 117.95) × 65 = 136.50
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: 136.5, legs: [expect.objectContaining({ exitPrice: 117.95 })] });
  });

  it('a stop hit while a chased exit rests sends the exit to market at once, not after the chase rounds', async () => {
    const { enter, manager, market, monitor, clock, broker, events } = withMonitor();
    // Sold at 120.05 with a 25 % stop: 120.05 × 1.25 = 150.0625 → 150.05 on the tick.
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 } })] });
    market.setPrice(CE, 130);
    const exit = await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT', orderType: 'CHASE', chase: { ...chase, offsetTicks: 1 } });
    expect(exit.orders[0]).toMatchObject({ side: 'BUY', type: 'LIMIT', price: 129.95, status: 'OPEN' }); // 130.00 − 1 tick

    // The premium runs through the stop 1 s later; the first chase round is not due until 5 s, MARKET until 15 s.
    market.setPrice(CE, 150.05);
    broker.onMarket(); // a BUY limit at 129.95 does not fill at 150.05
    clock.set(T0 + 1_000);
    await monitor.evaluate(clock.now());
    const [, exitOrder] = await broker.orders();
    expect(exitOrder).toMatchObject({
      type: 'MARKET',
      status: 'FILLED',
      avgFillPrice: 150.05,
      modifications: [{ time: T0 + 1_000, type: 'MARKET', price: null }],
    });
    // Bought back at 150.05: (120.05 − 150.05) × 65 = −₹1,950.00, the loss the stop allows. The exit was the
    // signal's already, so it keeps that reason and no stop-out is reported (no re-entry on it).
    expect(manager.groups('dep-1')[0]).toMatchObject({
      status: 'closed',
      realisedPnl: -1950,
      legs: [expect.objectContaining({ exitPrice: 150.05, exitReason: 'EXIT' })],
    });
    expect(events.map((e) => e.type)).toEqual(['group_exited']);
    expect(manager.hasChases).toBe(false);
  });

  it('a chased exit whose stop is not hit goes on chasing', async () => {
    const { enter, manager, market, monitor, clock } = withMonitor();
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 } })] });
    market.setPrice(CE, 130);
    await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT', orderType: 'CHASE', chase: { ...chase, offsetTicks: 1 } });
    market.setPrice(CE, 150); // 0.05 short of the stop (150.05)
    clock.set(T0 + 1_000);
    await monitor.evaluate(clock.now());
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'exiting' });
    expect(manager.hasChases).toBe(true);
  });
});
