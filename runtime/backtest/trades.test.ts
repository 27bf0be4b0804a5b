import { describe, expect, it } from 'vitest';
import { ChargeSchedule } from '../broker/charges.ts';
import { toPaise } from '../money.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';
import { GroupLog } from './group-log.ts';
import { dailyPnl, legTrades, tradeRow } from './trades.ts';

const MINUTE = 60_000;

/** A short straddle of 4 lots (260) on the real position manager and SIM broker, charged at the dated rates. */
async function straddleExitedInParts() {
  const env = setup({ charges: ChargeSchedule.default() });
  const log = new GroupLog(() => env.clock.now());
  env.manager.onGroupChange((s) => log.record(s));
  const legs = [leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 4 }), leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 4 })];
  await env.enter({ legs }); // SELL 260 CE at 120.05 and 260 PE at 110.00, at T0
  env.clock.set(T0 + MINUTE);
  env.market.setPrice(CE, 100).setPrice(PE, 115);
  await env.manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'book half', portion: { pct: 50 } });
  env.clock.set(T0 + 2 * MINUTE);
  env.market.setPrice(CE, 90).setPrice(PE, 120);
  await env.manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'close' });
  return { log, views: env.manager.groups('dep-1') };
}

describe('the trade log', () => {
  it('gives a row per exit of a leg, at the times the log saw its entry and exits fill', async () => {
    const { log } = await straddleExitedInParts();
    const trades = legTrades(log.groups(), log);
    // CE: (120.05 − 100.00) × 130 = 2,606.50 and (120.05 − 90.00) × 130 = 3,906.50;
    // PE: (110.00 − 115.00) × 130 = −650.00 and (110.00 − 120.00) × 130 = −1,300.00.
    expect(trades.map((t) => [t.legId, t.qty, t.entryMs - T0, t.exitMs - T0, t.exitReason, t.grossPaise])).toEqual([
      ['ce', 130, 0, MINUTE, 'book half', 260650],
      ['pe', 130, 0, MINUTE, 'book half', -65000],
      ['ce', 130, 0, 2 * MINUTE, 'close', 390650],
      ['pe', 130, 0, 2 * MINUTE, 'close', -130000],
    ]);
  });

  it('shares a leg’s charges among its exits by quantity, so each leg’s rows add up to its net P&L exactly', async () => {
    const { log, views } = await straddleExitedInParts();
    const trades = legTrades(log.groups(), log);
    for (const view of views[0]!.legs) {
      const rows = trades.filter((t) => t.legId === view.id);
      const charges = rows.reduce((a, t) => a + t.chargesPaise, 0);
      expect(charges).toBe(toPaise(view.charges));
      expect(charges).toBeGreaterThan(0);
      // Equal quantities: the first share is half rounded down, the last takes the odd paisa.
      expect(rows[0]!.chargesPaise).toBe(Math.floor(charges / 2));
      expect(rows.reduce((a, t) => a + t.netPaise, 0)).toBe(toPaise(view.netPnl));
      for (const t of rows) expect(t.netPaise).toBe(t.grossPaise - t.chargesPaise);
    }
    expect(tradeRow(trades[0]!)).toMatchObject({ legId: 'ce', entryPrice: 120.05, exitPrice: 100, grossPnl: 2606.5, entryTime: new Date(T0).toISOString() });
  });

  it('leaves legs still held out of the log, and counts each exit on its IST date, listing days without one', async () => {
    const env = setup();
    const log = new GroupLog(() => env.clock.now());
    env.manager.onGroupChange((s) => log.record(s));
    await env.enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' })] });
    expect(legTrades(log.groups(), log)).toEqual([]);
    env.clock.set(T0 + MINUTE);
    env.market.setPrice(CE, 110.05);
    await env.manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'done' });
    const trades = legTrades(log.groups(), log);
    // (120.05 − 110.05) × 65 = 650.00, no charges on this broker.
    expect(dailyPnl(trades, ['2026-11-25', '2026-11-26'])).toEqual([
      { date: '2026-11-25', trades: 1, grossPaise: 65000, chargesPaise: 0, netPaise: 65000 },
      { date: '2026-11-26', trades: 0, grossPaise: 0, chargesPaise: 0, netPaise: 0 },
    ]);
  });
});
