import { describe, expect, it } from 'vitest';
import { istToMs } from '../time.ts';
import { PositionMonitor } from './monitor.ts';
import type { GroupSnapshot } from './snapshot.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

/** A 1-lot short straddle at CE 120.05 / PE 110.00, no leg stops, and a ₹2,000 daily loss limit. */
function limited() {
  const s = setup();
  const monitor = new PositionMonitor(s.manager, s.market);
  const legs = [leg({ id: 'ce', symbol: CE, side: 'SELL' }), leg({ id: 'pe', symbol: PE, side: 'SELL' })];
  const risk = { limits: { maxDailyLoss: 2000 } };
  const at = async (ms: number, ce: number, pe: number) => {
    s.market.setPrice(CE, ce).setPrice(PE, pe);
    s.clock.set(ms);
    await monitor.evaluate(ms);
  };
  return { ...s, at, enterLimited: (key: string) => s.enter({ legs, risk, idempotencyKey: key }) };
}

describe('daily loss limit (kill switch)', () => {
  it('exits everything once the day’s P&L reaches −₹2,000, then refuses entries until the next day', async () => {
    const s = limited();
    await s.enterLimited('sig-1');
    // (120.05 − 160.05) × 65 + (110 − 100) × 65 = −2,600 + 650 = −₹1,950: still inside the limit.
    await s.at(T0 + 1_000, 160.05, 100);
    expect(s.events).toEqual([]);
    // (120.05 − 161.05) × 65 + 650 = −2,665 + 650 = −₹2,015: the kill switch fires.
    await s.at(T0 + 2_000, 161.05, 100);
    expect(s.events.map((e) => [e.type, e.pnl])).toEqual([
      ['daily_loss_hit', -2015],
      ['group_exited', -2015],
    ]);
    const [group] = s.manager.groups('dep-1');
    expect(group?.legs.map((l) => [l.status, l.exitPrice, l.exitReason])).toEqual([
      ['closed', 161.05, 'daily loss limit'],
      ['closed', 100, 'daily loss limit'],
    ]);
    await expect(s.enterLimited('sig-2')).rejects.toMatchObject({
      code: 'DAILY_LOSS_LIMIT',
      message: 'The deployment lost ₹2015 today, at or past its daily limit of ₹2000. Nothing was placed.',
    });
    // The next trading day starts afresh.
    s.clock.set(istToMs('2026-11-26', '09:20'));
    await expect(s.enterLimited('sig-3')).resolves.toMatchObject({ groupId: 'grp-2' });
  });

  it('counts the day’s closed groups with the open ones', async () => {
    const s = limited();
    await s.enterLimited('sig-1');
    s.market.setPrice(CE, 140.05);
    await s.manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT signal' });
    // Closed today at (120.05 − 140.05) × 65 = −₹1,300 (the PE flat at 110).
    expect(s.manager.dayRealisedPaise('dep-1', T0)).toBe(-130_000);
    await s.enterLimited('sig-2'); // short again at CE 140.05, PE 110
    // −1,300 + (140.05 − 150.05) × 65 = −1,300 − 650 = −₹1,950: inside.
    await s.at(T0 + 1_000, 150.05, 110);
    expect(s.events.filter((e) => e.type === 'daily_loss_hit')).toEqual([]);
    // −1,300 + (140.05 − 151.05) × 65 = −1,300 − 715 = −₹2,015: the kill switch fires.
    await s.at(T0 + 2_000, 151.05, 110);
    expect(s.events.filter((e) => e.type === 'daily_loss_hit').map((e) => e.pnl)).toEqual([-2015]);
  });
});

describe('the day’s realised P&L across a restart', () => {
  it('counts the groups closed today from the restored history, per deployment and per account, and not yesterday’s', async () => {
    const a = limited();
    const saved = new Map<string, GroupSnapshot>();
    a.manager.onGroupChange((g) => saved.set(g.id, g));
    await a.enterLimited('sig-1');
    a.market.setPrice(CE, 140.05);
    await a.manager.exit({ deploymentId: 'dep-1', scope: 'deployment', reason: 'EXIT signal' }); // −₹1,300 today

    const b = setup();
    await b.manager.restore([...saved.values()]);
    expect([b.manager.dayRealisedPaise('dep-1', T0), b.manager.accountDayRealisedPaise('SIM-1', T0)]).toEqual([-130_000, -130_000]);
    const tomorrow = istToMs('2026-11-26', '09:20');
    expect([b.manager.dayRealisedPaise('dep-1', tomorrow), b.manager.accountDayRealisedPaise('SIM-1', tomorrow)]).toEqual([0, 0]);
  });
});

describe('daily loss limit of an account', () => {
  it('adds up every deployment on the account: at −₹2,000 all of them are exited, and the account takes no entry that day', async () => {
    const s = setup();
    const monitor = new PositionMonitor(s.manager, s.market);
    s.manager.setAccountDailyLoss('SIM-1', 2000);
    await s.enter({ deploymentId: 'dep-1', legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' })], idempotencyKey: 'a' });
    await s.enter({ deploymentId: 'dep-2', legs: [leg({ id: 'pe', symbol: PE, side: 'SELL' })], idempotencyKey: 'b' });
    // dep-1: (120.05 − 140.05) × 65 = −1,300; dep-2: (110 − 120) × 65 = −650. Together −1,950: inside.
    s.market.setPrice(CE, 140.05).setPrice(PE, 120);
    await monitor.evaluate(T0 + 1_000);
    expect(s.events).toEqual([]);
    // dep-2: (110 − 121) × 65 = −715 → −2,015 together.
    s.market.setPrice(PE, 121);
    await monitor.evaluate(T0 + 2_000);
    expect(s.events.filter((e) => e.type === 'daily_loss_hit').map((e) => [e.deploymentId, e.pnl])).toEqual([
      ['dep-1', -2015],
      ['dep-2', -2015],
    ]);
    expect([...s.manager.groups('dep-1'), ...s.manager.groups('dep-2')].map((g) => g.status)).toEqual(['closed', 'closed']);
    await expect(s.enter({ deploymentId: 'dep-3', legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' })], idempotencyKey: 'c' })).rejects.toMatchObject({
      code: 'DAILY_LOSS_LIMIT',
      message: 'Account SIM-1 lost ₹2015 today, at or past its daily limit of ₹2000. Nothing was placed.',
    });
  });
});
