import { describe, expect, it } from 'vitest';
import { PositionMonitor } from './monitor.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

const WING = 'NIFTY01DEC2626200CE';

describe('adding legs to an open group', () => {
  function env() {
    const e = setup();
    e.market.setPrice(WING, 40);
    const straddle = [leg({ id: 'ce', symbol: CE, side: 'SELL' }), leg({ id: 'pe', symbol: PE, side: 'SELL' })];
    const wing = [leg({ id: 'wing', symbol: WING, side: 'BUY', strike: 26200 })];
    return { ...e, straddle, wing, monitor: new PositionMonitor(e.manager, e.market) };
  }

  it('adds a bought wing to the running straddle, whose combined stop then counts it', async () => {
    const { enter, manager, market, monitor, clock, events, straddle, wing } = env();
    await enter({ legs: straddle, risk: { mtmStopLoss: 3000 }, group: { mode: 'new', tag: 'main' } });
    const added = await enter({ legs: wing, idempotencyKey: 'sig-2', group: { mode: 'add-to-open', tag: 'main' } });
    expect(added).toEqual({ groupId: 'grp-1', orders: [expect.objectContaining({ legId: 'wing', side: 'BUY', qty: 65, status: 'FILLED', fillPrice: 40 })] });
    expect(manager.groups('dep-1')).toHaveLength(1);
    expect(manager.groups('dep-1')[0]?.legs.map((l) => [l.id, l.status])).toEqual([
      ['ce', 'open'],
      ['pe', 'open'],
      ['wing', 'open'],
    ]);
    // A replay of the adding signal reports the wing again and places nothing.
    expect(await enter({ legs: wing, idempotencyKey: 'sig-2', group: { mode: 'add-to-open', tag: 'main' } })).toEqual(added);

    // CE (120.05 − 172.05) × 65 = −3,380.00, PE (110 − 105) × 65 = 325.00: −3,055.00 alone, but the wing
    // (50 − 40) × 65 = 650.00 makes it −2,405.00: no stop.
    market.setPrice(CE, 172.05).setPrice(PE, 105).setPrice(WING, 50);
    await monitor.evaluate(clock.now());
    expect(events).toEqual([]);
    // Wing back to 38.00: (38 − 40) × 65 = −130.00 → −3,185.00 ≤ −3,000
    market.setPrice(WING, 38);
    clock.set(T0 + 60_000);
    await monitor.evaluate(clock.now());
    expect(events.map((e) => [e.type, e.pnl])).toEqual([
      ['mtm_stop_hit', -3185],
      ['group_exited', -3185],
    ]);
    expect(manager.groups('dep-1')[0]?.legs.map((l) => [l.id, l.exitPrice, l.realisedPnl])).toEqual([
      ['ce', 172.05, -3380],
      ['pe', 105, 325],
      ['wing', 38, -130],
    ]);
  });

  it('refuses, placing nothing, when there is no open group to join or the leg is already held', async () => {
    const { enter, broker, straddle, wing } = env();
    await expect(enter({ legs: wing, group: { mode: 'add-to-open' } })).rejects.toMatchObject({
      code: 'NO_OPEN_GROUP',
      message: 'Deployment dep-1 has no open group to add the legs to; enter a new group first. Nothing was placed.',
    });
    await enter({ legs: straddle, idempotencyKey: 'sig-1', group: { mode: 'new', tag: 'main' } });
    await expect(enter({ legs: wing, idempotencyKey: 'sig-2', group: { mode: 'add-to-open', tag: 'hedged' } })).rejects.toMatchObject({
      code: 'NO_OPEN_GROUP',
      message: /no open group named "hedged"/,
    });
    await expect(enter({ legs: [straddle[0]!], idempotencyKey: 'sig-3', group: { mode: 'add-to-open' } })).rejects.toMatchObject({
      code: 'DUPLICATE_LEG_ID',
      message: /Group grp-1 already holds a leg ce/,
    });
    expect((await broker.orders()).map((o) => o.symbol)).toEqual([CE, PE]);
  });
});
