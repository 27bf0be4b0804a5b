import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { istToMs } from '../time.ts';
import type { BrokerHistory } from './history.ts';
import { SimBroker } from './sim-broker.ts';
import type { Fill, Order, OrderRequest } from './types.ts';

const CE = 'NIFTY01DEC2626000CE';
const PE = 'NIFTY01DEC2626000PE';
/** Wednesday 25 Nov 2026, 10:00 IST: NSE is open. */
const T0 = istToMs('2026-11-25', '10:00');
const HOUR = 3_600_000;

let market: FixedMarket;
let clock: VirtualClock;

/** A broker that keeps what is done with for an hour, and a store of what it reported. */
function world() {
  const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }], keepFinishedMs: HOUR });
  const orders = new Map<string, Order>();
  const fills: Fill[] = [];
  broker.onUpdate((e) => {
    if (e.type === 'order') orders.set(e.order.id, e.order);
    if (e.type === 'fill') fills.push(e.fill);
  });
  const saved = (): BrokerHistory => ({ orders: [...orders.values()], fills });
  return { broker, saved };
}

const req = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'c1',
  accountId: 'SIM-1',
  symbol: CE,
  side: 'BUY',
  qty: 65,
  type: 'MARKET',
  ...over,
});

beforeEach(() => {
  market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
  clock = new VirtualClock(T0);
});

describe('SimBroker with keepFinishedMs', () => {
  it('forgets a finished order keepFinishedMs after it finished, never a resting one', async () => {
    const { broker } = world();
    await broker.placeOrder(req({ clientOrderId: 'filled' }));
    await broker.placeOrder(req({ clientOrderId: 'rejected', qty: 0 }));
    const resting = await broker.placeOrder(req({ clientOrderId: 'resting', type: 'LIMIT', price: 100 }));
    clock.set(T0 + 10 * 60_000);
    const cancelled = await broker.placeOrder(req({ clientOrderId: 'cancelled', type: 'LIMIT', price: 99 }));
    await broker.cancelOrder(cancelled.id);

    clock.set(T0 + HOUR - 1);
    broker.onMarket();
    expect((await broker.orders()).map((o) => o.clientOrderId)).toEqual(['filled', 'rejected', 'resting', 'cancelled']);
    clock.set(T0 + HOUR);
    broker.onMarket();
    expect((await broker.orders()).map((o) => o.clientOrderId)).toEqual(['resting', 'cancelled']);
    clock.set(T0 + 10 * 60_000 + HOUR);
    broker.onMarket();
    expect(await broker.orders()).toEqual([{ ...resting }]);
    expect(broker.retained()).toMatchObject({ orders: 1, clientOrderIds: 1, restingOrders: 1, finishing: 0 });
    // Still resting after all that time: it fills when the market comes to it.
    market.setPrice(CE, 100);
    broker.onMarket();
    expect((await broker.orders({ clientOrderId: 'resting' }))[0]?.status).toBe('FILLED');
  });

  it('keeps restored finished orders keepFinishedMs from the restore, so a signal replayed then places nothing twice', async () => {
    const before = world();
    const first = await before.broker.placeOrder(req({ clientOrderId: 'dep-1:sig-1:ce' }));

    clock.set(T0 + 3 * HOUR);
    const after = world();
    after.broker.restore(before.saved());
    after.broker.onMarket();
    expect(await after.broker.placeOrder(req({ clientOrderId: 'dep-1:sig-1:ce' }))).toEqual(first);
    clock.set(T0 + 4 * HOUR);
    after.broker.onMarket();
    expect(after.broker.retained()).toMatchObject({ orders: 0, clientOrderIds: 0 });
  });

  it('lets a flat position in an expired contract go keepFinishedMs after the expiry; the account keeps its money to the paisa', async () => {
    const { broker } = world();
    await broker.placeOrder(req({ clientOrderId: 'sell', side: 'SELL' }));
    market.setPrice(CE, 100.3);
    await broker.placeOrder(req({ clientOrderId: 'buy' }));
    await broker.placeOrder(req({ clientOrderId: 'pe', symbol: PE, side: 'SELL' }));
    const funds = await broker.funds('SIM-1');
    expect(funds).toMatchObject({ realisedPnl: 1_283.75 }); // (120.05 − 100.30) × 65

    // NIFTY01DEC26 expires Tue 1 Dec 2026 at 15:30 IST; the PE is still held (no index level: not settled yet).
    const expiry = istToMs('2026-12-01', '15:30');
    clock.set(expiry + HOUR - 1);
    broker.onMarket();
    expect((await broker.positions('SIM-1')).map((p) => p.symbol)).toEqual([CE, PE]);
    clock.set(expiry + HOUR);
    broker.onMarket();
    expect((await broker.positions('SIM-1')).map((p) => p.symbol)).toEqual([PE]);
    expect(await broker.funds('SIM-1')).toEqual(funds);
  });
});
