import { describe, expect, it } from 'vitest';
import { istToMs } from '../time.ts';
import { PositionMonitor } from './monitor.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

function watched(risk = {}) {
  const env = setup();
  const monitor = new PositionMonitor(env.manager, env.market);
  const legs = [
    leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 }, watchReturnAfterStop: true }),
    leg({ id: 'pe', symbol: PE, side: 'SELL', stopLoss: { type: 'pct', value: 25 } }),
  ];
  const at = async (ms: number, ce: number) => {
    env.clock.set(ms);
    env.market.setPrice(CE, ce);
    await monitor.evaluate(ms);
  };
  return { ...env, monitor, legs, at, start: () => env.enter({ legs, risk }) };
}

describe('re-entry at cost: watching a stopped leg', () => {
  it('reports the premium back at the entry once, and only for a leg that asks', async () => {
    const { start, at, events, manager } = watched();
    await start();
    await at(T0 + 1_000, 150.1); // stopped: −1,953.25
    expect(manager.groups('dep-1')[0]?.legs[0]).toMatchObject({ status: 'closed', awaitingReturn: true });
    await at(T0 + 2_000, 120.1); // 5 paise above the 120.05 entry: not yet
    await at(T0 + 3_000, 120.05);
    await at(T0 + 4_000, 100);
    expect(events.filter((e) => e.type === 'leg_price_returned')).toEqual([
      {
        type: 'leg_price_returned',
        deploymentId: 'dep-1',
        groupId: 'grp-1',
        legId: 'ce',
        symbol: CE,
        price: 120.05,
        pnl: -1953.25,
        charges: 0,
        netPnl: -1953.25,
        time: T0 + 3_000,
      },
    ]);
    expect(manager.groups('dep-1')[0]?.legs[0]?.awaitingReturn).toBe(false);
  });

  it('stops watching at the square-off time, and when the position is exited', async () => {
    const late = watched({ squareOffAt: '10:30' });
    await late.start();
    await late.at(T0 + 1_000, 150.1);
    await late.at(istToMs('2026-11-25', '10:30'), 120);
    expect(late.events.map((e) => e.type)).not.toContain('leg_price_returned');
    expect(late.manager.returnWatched().size).toBe(0);

    const exited = watched();
    await exited.start();
    await exited.at(T0 + 1_000, 150.1);
    await exited.manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT' });
    await exited.at(T0 + 2_000, 120);
    expect(exited.events.map((e) => e.type)).toEqual(['leg_stop_hit', 'group_exited']);
  });
});
