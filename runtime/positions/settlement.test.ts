import { describe, expect, it } from 'vitest';
import { BrokerRouter } from '../broker/broker-router.ts';
import { ChargeSchedule } from '../broker/charges.ts';
import type { BrokerHistory } from '../broker/history.ts';
import { DEFAULT_MARGIN } from '../broker/margin.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import type { Fill, Order } from '../broker/types.ts';
import { istToMs } from '../time.ts';
import { PositionMonitor } from './monitor.ts';
import { PositionManager } from './position-manager.ts';
import type { GroupSnapshot } from './snapshot.ts';
import { CE, PE, leg, setup } from '../testing/positions.ts';

// Held to expiry: NIFTY's weekly contracts of Tuesday 1 Dec 2026 are cash-settled at 15:30 IST against the
// index then, 26,180.35 here. Charges at the rates of the trade dates (Finance Act 2026: STT 0.15 %).
const EXPIRY = istToMs('2026-12-01', '15:30');
const FUT = 'NIFTY29DEC26FUT';

function world() {
  const env = setup({ charges: ChargeSchedule.default(), margin: DEFAULT_MARGIN });
  env.market.setSpot('NIFTY', 26_000).setPrice(FUT, 26_080);
  const monitor = new PositionMonitor(env.manager, env.market);
  /** 15:30 on the expiry day: the contracts stop quoting and the monitor's step settles them. */
  const expire = async (spot: number, at = EXPIRY) => {
    env.clock.set(at);
    env.market.setSpot('NIFTY', spot).remove(CE).remove(PE).remove(FUT);
    await monitor.evaluate(at);
  };
  return { ...env, monitor, expire };
}

describe('settlement at expiry', () => {
  it('a short straddle held to expiry: the ITM call bought back at its intrinsic value, the OTM put at 0; the group closes', async () => {
    const { enter, expire, manager, broker, events } = world();
    await enter();
    expect(manager.nextExpiryMs).toBe(EXPIRY);
    await expire(26_180.35);
    const [group] = manager.groups('dep-1');
    // CE: (120.05 − 180.35) × 65 = −3,919.50; PE: (110.00 − 0) × 65 = +7,150.00; group +3,230.50 gross.
    // Charges: the entries only (CE 38.53, PE 37.29); a short settled pays no STT: 75.82. Net 3,154.68.
    expect(group?.legs.map((l) => [l.id, l.status, l.exitPrice, l.exitReason, l.realisedPnl, l.charges, l.netPnl])).toEqual([
      ['ce', 'closed', 180.35, 'expiry settlement', -3919.5, 38.53, -3958.03],
      ['pe', 'closed', 0, 'expiry settlement', 7150, 37.29, 7112.71],
    ]);
    expect(group).toMatchObject({ status: 'closed', closedAt: EXPIRY, realisedPnl: 3230.5, charges: 75.82, netPnl: 3154.68 });
    expect(events.map((e) => [e.type, e.pnl, e.charges, e.netPnl, e.time])).toEqual([
      ['expired', 3230.5, 75.82, 3154.68, EXPIRY],
      ['group_exited', 3230.5, 75.82, 3154.68, EXPIRY],
    ]);
    // The broker's book agrees: flat, cash 10,00,000 + 3,230.50 − 75.82.
    expect(await broker.positions('SIM-1')).toEqual([expect.objectContaining({ symbol: CE, qty: 0 }), expect.objectContaining({ symbol: PE, qty: 0 })]);
    expect(await broker.funds('SIM-1')).toMatchObject({ cash: 1_003_154.68, equity: 1_003_154.68, marginUsed: 0 });
    expect(manager.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('an ITM long call pays STT on its intrinsic value; an OTM long put expires worthless', async () => {
    const { enter, expire, manager } = world();
    await enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY' }), leg({ id: 'pe', symbol: PE, side: 'BUY' })] });
    await expire(26_180.35);
    const [group] = manager.groups('dep-1');
    // CE: (180.35 − 120.05) × 65 = +3,919.50; charges BUY 27.06 + STT on exercise 0.15 % × 11,722.75 = 17.58 → 44.64.
    // PE: (0 − 110) × 65 = −7,150.00; charges BUY 26.77, nothing at expiry.
    expect(group?.legs.map((l) => [l.exitPrice, l.realisedPnl, l.charges])).toEqual([
      [180.35, 3919.5, 44.64],
      [0, -7150, 26.77],
    ]);
    // −3,230.50 gross; 71.41 charges; −3,301.91 net.
    expect(group).toMatchObject({ status: 'closed', realisedPnl: -3230.5, charges: 71.41, netPnl: -3301.91 });
  });

  it('a future held to its expiry settles at the index level', async () => {
    const { enter, expire, manager, broker } = world();
    const future = leg({ id: 'fut', symbol: FUT, side: 'BUY', optionType: 'FUT', strike: 0, expiry: '2026-12-29' });
    await enter({ legs: [future] });
    // Not on the weekly expiry: the December future is still held on 1 Dec.
    await expire(26_180.35);
    expect(manager.groups('dep-1')[0]?.status).toBe('open');
    await expire(26_400.5, istToMs('2026-12-29', '15:30'));
    // (26,400.50 − 26,080.00) × 65 = +20,832.50. Charges: the BUY of 16,95,200 (exchange 0.00173 % 29.33,
    // SEBI 1.70, stamp 0.002 % 33.90, GST 18 % × 51.03 = 9.19, brokerage 20) = 94.12; none at settlement.
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: 20_832.5, charges: 94.12, netPnl: 20_738.38 });
    expect((await broker.orders()).at(-1)).toMatchObject({ clientOrderId: `settlement:${FUT}`, side: 'SELL', avgFillPrice: 26_400.5 });
  });

  it('follows a settlement the broker booked first (as the SIM engine steps: broker, then monitor)', async () => {
    const { enter, manager, broker, clock, market, monitor } = world();
    await enter();
    clock.set(EXPIRY);
    market.setSpot('NIFTY', 25_900).remove(CE).remove(PE);
    broker.onMarket();
    expect(manager.groups('dep-1')[0]?.status).toBe('open');
    await monitor.evaluate(EXPIRY);
    // CE worthless: +120.05 × 65 = 7,803.25; PE at 100: (110 − 100) × 65 = 650; +8,453.25.
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: 8453.25 });
    expect((await broker.orders()).filter((o) => o.clientOrderId.startsWith('settlement:'))).toHaveLength(2);
  });

  it('cancels entries still resting at the expiry; a group that never held anything closes unreported', async () => {
    const { enter, expire, manager, events } = world();
    // SELL limits 5 % above the market rest.
    await enter({ orderType: 'LIMIT', limitOffsetPct: 5 });
    expect(manager.groups('dep-1')[0]?.legs.map((l) => l.status)).toEqual(['pending', 'pending']);
    await expire(26_180.35);
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', legs: [{ status: 'cancelled' }, { status: 'cancelled' }] });
    expect(events).toEqual([]);
  });

  it('settles a group restored after a restart', async () => {
    const a = world();
    const orders = new Map<string, Order>();
    const fills: Fill[] = [];
    const groups = new Map<string, GroupSnapshot>();
    a.broker.onUpdate((e) => {
      if (e.type === 'order') orders.set(e.order.id, e.order);
      if (e.type === 'fill') fills.push(e.fill);
    });
    a.manager.onGroupChange((g) => groups.set(g.id, g));
    await a.enter();
    const saved: BrokerHistory = { orders: [...orders.values()], fills };

    const b = world();
    const broker = new SimBroker({ market: b.market, clock: b.clock, accounts: [{ id: 'SIM-1' }], charges: ChargeSchedule.default(), margin: DEFAULT_MARGIN });
    broker.restore(saved);
    const manager = new PositionManager({ router: new BrokerRouter([broker]), market: b.market, clock: b.clock });
    await manager.restore([...groups.values()]);
    expect(manager.nextExpiryMs).toBe(EXPIRY);
    b.clock.set(EXPIRY);
    b.market.setSpot('NIFTY', 26_180.35).remove(CE).remove(PE);
    await new PositionMonitor(manager, b.market).evaluate(EXPIRY);
    expect(manager.groups('dep-1')[0]).toMatchObject({ status: 'closed', realisedPnl: 3230.5, charges: 75.82, netPnl: 3154.68 });
    expect((await broker.funds('SIM-1')).cash).toBe(1_003_154.68);
  });
});

describe('charges and margin through the position manager', () => {
  it('reads each fill’s charges from the broker: entry and exit, gross and net on legs, group and events', async () => {
    const { enter, manager, market, events } = world();
    await enter();
    market.setPrice(CE, 100).setPrice(PE, 100);
    await manager.exit({ deploymentId: 'dep-1', scope: 'group', reason: 'EXIT signal' });
    const [group] = manager.groups('dep-1');
    // CE: +(120.05 − 100) × 65 = 1,303.25, charges 38.53 + 26.50 (BUY 6,500) = 65.03.
    // PE: +(110 − 100) × 65 = 650.00, charges 37.29 + 26.50 = 63.79. Group 1,953.25 gross, 128.82 charges.
    expect(group?.legs.map((l) => [l.realisedPnl, l.charges, l.netPnl])).toEqual([
      [1303.25, 65.03, 1238.22],
      [650, 63.79, 586.21],
    ]);
    expect(events).toEqual([expect.objectContaining({ type: 'group_exited', pnl: 1953.25, charges: 128.82, netPnl: 1824.43 })]);
  });

  it('a 400-lot short straddle on ₹10,00,000 is refused at the broker for margin; 1 lot fits', async () => {
    const { enter, manager, events } = world();
    const big = [leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 400 }), leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 400 })];
    const result = await enter({ legs: big, idempotencyKey: 'big' });
    const [refused] = manager.groups('dep-1');
    // The broker checks each leg against what is held. The CE, first, alone: 26,000 units × 26,000 =
    // 67,60,00,000 × (12 % SPAN + 2 % exposure) = 9,46,40,000. The PE, the CE refused, alone too: the same.
    // (The straddle held would need 8,11,20,000 SPAN for one side + 2 × 1,35,20,000 exposure = 10,81,60,000.)
    expect(result.orders.map((o) => [o.status, o.message])).toEqual([
      ['REJECTED', `Not enough margin: SELL 26000 ${CE} needs ₹9,46,40,000.00 of margin and ₹10,00,000.00 is free. Reduce the quantity or add funds.`],
      ['REJECTED', `Not enough margin: SELL 26000 ${PE} needs ₹9,46,40,000.00 of margin and ₹10,00,000.00 is free. Reduce the quantity or add funds.`],
    ]);
    expect(refused?.legs.map((l) => l.status)).toEqual(['rejected', 'rejected']);
    expect(refused?.status).toBe('closed');
    expect(events).toEqual([]);
    await enter({ idempotencyKey: 'small' });
    expect(manager.groups('dep-1')[1]?.legs.map((l) => l.status)).toEqual(['open', 'open']);
  });
});
