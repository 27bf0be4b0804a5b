import { describe, expect, it } from 'vitest';
import { istToMs } from '../time.ts';
import { PositionMonitor } from './monitor.ts';
import { CE, PE, leg, setup, shortStraddle } from '../testing/positions.ts';

/** Saturday 28 Nov 2026, 23:30 IST; NSE opens next on Monday 30 Nov at 09:15 (CE and PE expire Tue 1 Dec). */
const SATURDAY_NIGHT = istToMs('2026-11-28', '23:30');
const MONDAY_OPEN = istToMs('2026-11-30', '09:15');

function withMonitor() {
  const env = setup();
  return { ...env, monitor: new PositionMonitor(env.manager, env.market) };
}

describe('entries and exits follow the exchange’s hours', () => {
  it('refuses an entry while NSE is closed, placing nothing', async () => {
    const { enter, clock, broker, manager } = setup();
    clock.set(SATURDAY_NIGHT);
    await expect(enter()).rejects.toMatchObject({
      code: 'MARKET_CLOSED',
      message:
        'NSE is closed (Saturday 28 Nov 2026 23:30 IST); it opens Mon 30 Nov 09:15. Nothing was placed: send the signal again once it is open, or set the Enter legs node to queue orders for the open (whenClosed "queue").',
    });
    expect(await broker.orders()).toEqual([]);
    expect(manager.groups('dep-1')).toEqual([]);
  });

  it('queues an entry for the open when asked: filled at Monday 09:15’s prices, squared off Monday at 15:15', async () => {
    const { enter, clock, broker, manager, market, monitor, events } = withMonitor();
    clock.set(SATURDAY_NIGHT);
    const result = await enter({ whenClosed: 'queue', risk: { squareOffAt: '15:15' } });
    expect(result.orders.map((o) => [o.legId, o.status])).toEqual([
      ['ce', 'OPEN'],
      ['pe', 'OPEN'],
    ]);
    const [group] = manager.openGroups();
    expect([group?.sessionDate, group?.squareOffMs]).toEqual(['2026-11-30', istToMs('2026-11-30', '15:15')]);

    // Sunday: nothing fills, and Saturday's 15:15 does not square the queued entry off.
    clock.set(istToMs('2026-11-29', '12:00'));
    broker.onMarket();
    await monitor.evaluate(clock.now());
    expect(manager.groups('dep-1')[0]?.legs.map((l) => l.status)).toEqual(['pending', 'pending']);

    market.setPrice(CE, 125).setPrice(PE, 105);
    clock.set(MONDAY_OPEN);
    broker.onMarket();
    await monitor.evaluate(clock.now());
    // Sold at the 09:15 prices; 25 % stops: 125.00 × 1.25 = 156.25, 105.00 × 1.25 = 131.25.
    expect(manager.groups('dep-1')[0]?.legs.map((l) => [l.status, l.entryPrice, l.stopPrice])).toEqual([
      ['open', 125, 156.25],
      ['open', 105, 131.25],
    ]);
    clock.set(istToMs('2026-11-30', '15:14'));
    await monitor.evaluate(clock.now());
    expect(events).toEqual([]);
    clock.set(istToMs('2026-11-30', '15:15'));
    await monitor.evaluate(clock.now());
    expect(events.map((e) => e.type)).toEqual(['square_off', 'group_exited']);
  });

  it('refuses an entry after the deployment’s square-off time instead of filling it and squaring it off a minute later', async () => {
    const { enter, clock, broker } = setup();
    clock.set(istToMs('2026-11-25', '15:20'));
    await expect(enter({ risk: { squareOffAt: '15:15' } })).rejects.toMatchObject({
      code: 'PAST_SQUARE_OFF',
      message:
        "It is 15:20 IST, at or past the deployment's square-off time 15:15: the position would be squared off as soon as it filled. Nothing was placed.",
    });
    expect(await broker.orders()).toEqual([]);
  });

  it('leaves a stop crossed at the 15:30 close for the next open, where the leg is bought back', async () => {
    const { enter, clock, market, monitor, events, broker, manager } = withMonitor();
    await enter({ legs: [shortStraddle()[0]!] }); // CE sold at 120.05 at T0; stop 120.05 × 1.25 = 150.0625 → 150.05
    market.setPrice(CE, 160);
    for (const at of [istToMs('2026-11-25', '15:30'), istToMs('2026-11-25', '20:00')]) {
      clock.set(at);
      await monitor.evaluate(at);
    }
    // Closed: no event, no order the exchange would refuse on every tick.
    expect(events).toEqual([]);
    expect(await broker.orders()).toHaveLength(1);

    const open = istToMs('2026-11-26', '09:15');
    clock.set(open);
    await monitor.evaluate(open);
    expect(events.map((e) => [e.type, e.price, e.time])).toEqual([
      ['leg_stop_hit', 160, open],
      ['group_exited', undefined, open],
    ]);
    // (120.05 − 160.00) × 65 = −39.95 × 65 = −2,596.75
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'closed', exitPrice: 160, realisedPnl: -2596.75 });
  });

  it('plays no chase round while the exchange is closed; the chase goes on at the open', async () => {
    const { enter, clock, market, monitor, broker } = withMonitor();
    clock.set(istToMs('2026-11-25', '15:29'));
    const chase = { everyMs: 5_000, maxModifications: 2, offsetTicks: 2 };
    // BUY 120.05 − 2 ticks = 119.95, resting.
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY' })], orderType: 'CHASE', chase });
    market.setPrice(CE, 121);
    for (const at of [istToMs('2026-11-25', '15:30'), istToMs('2026-11-25', '18:00')]) {
      clock.set(at);
      await monitor.evaluate(at);
    }
    expect((await broker.orders())[0]).toMatchObject({ status: 'OPEN', price: 119.95 });
    expect((await broker.orders())[0]).not.toHaveProperty('modifications');
    const open = istToMs('2026-11-26', '09:15');
    clock.set(open);
    await monitor.evaluate(open);
    // First round at the open: 121.00 − 2 ticks = 120.90.
    expect((await broker.orders())[0]?.modifications).toEqual([{ time: open, type: 'LIMIT', price: 120.9 }]);
  });
});
