import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { istToMs } from '../time.ts';
import type { BrokerHistory } from './history.ts';
import { SimBroker } from './sim-broker.ts';
import type { BrokerEvent, Fill, Order, OrderRequest } from './types.ts';

/** Expires Tuesday 8 Dec 2026: trading all through these tests. */
const CE = 'NIFTY08DEC2626000CE';
const SATURDAY_NIGHT = istToMs('2026-12-05', '23:30');
const MONDAY_OPEN = istToMs('2026-12-07', '09:15');

let market: FixedMarket;
let clock: VirtualClock;

function broker(): SimBroker {
  return new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }] });
}

function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: 'c1', accountId: 'SIM-1', symbol: CE, side: 'BUY', qty: 65, type: 'MARKET', ...over };
}

/** Everything `b` reports, as a store keeps it: the latest state of each order, every fill. */
function recorder(b: SimBroker): () => BrokerHistory {
  const orders = new Map<string, Order>();
  const fills: Fill[] = [];
  b.onUpdate((e) => {
    if (e.type === 'order') orders.set(e.order.id, e.order);
    if (e.type === 'fill') fills.push(e.fill);
  });
  return () => JSON.parse(JSON.stringify({ orders: [...orders.values()], fills })) as BrokerHistory;
}

beforeEach(() => {
  market = new FixedMarket().setPrice(CE, 120.05);
  clock = new VirtualClock(SATURDAY_NIGHT);
});

describe('SimBroker while the exchange is closed', () => {
  it('rejects an order placed on a Saturday night, saying when NSE opens, and books nothing', async () => {
    const b = broker();
    const order = await b.placeOrder(req());
    expect(order).toMatchObject({ status: 'REJECTED', rejectCode: 'MARKET_CLOSED', filledQty: 0, avgFillPrice: null });
    expect(order.rejectReason).toBe(
      'NSE is closed (Saturday 5 Dec 2026 23:30 IST); it opens Mon 7 Dec 09:15. The order was not placed: send it again once the market is open, or ask for it to be queued for the open (whenClosed "queue").',
    );
    expect(await b.positions('SIM-1')).toEqual([]);
  });

  it('rejects on a holiday and after the close too; an invalid order is refused for what is wrong with it', async () => {
    clock.set(istToMs('2026-12-25', '10:00'));
    const b = broker();
    expect((await b.placeOrder(req({ clientOrderId: 'xmas' }))).rejectReason).toMatch(
      /^NSE is closed \(Friday 25 Dec 2026 10:00 IST, Christmas\); it opens Mon 28 Dec 09:15\./,
    );
    const bad = await b.placeOrder(req({ clientOrderId: 'bad', qty: 0 }));
    expect([bad.rejectCode, bad.rejectReason]).toEqual([undefined, 'Quantity must be a positive whole number of units; got 0.']);
    clock.set(istToMs('2026-12-28', '15:30'));
    expect(await b.placeOrder(req({ clientOrderId: 'late' }))).toMatchObject({ status: 'REJECTED', rejectCode: 'MARKET_CLOSED' });
  });

  it('refuses to guess past the holiday calendar', async () => {
    clock.set(istToMs('2035-01-08', '10:00'));
    const order = await broker().placeOrder(req());
    expect(order).toMatchObject({ status: 'REJECTED', rejectCode: 'CALENDAR_NOT_COVERED' });
    expect(order.rejectReason).toMatch(/holiday calendar covers .* The order was not placed\.$/);
  });

  it('does not fill a resting limit while closed; it fills once the market is open again', async () => {
    clock = new VirtualClock(istToMs('2026-12-04', '15:00')); // Friday, NSE open
    const b = broker();
    await b.placeOrder(req({ type: 'LIMIT', price: 118 }));
    market.setPrice(CE, 110);
    clock.set(istToMs('2026-12-04', '15:45'));
    b.onMarket();
    clock.set(SATURDAY_NIGHT);
    b.onMarket();
    expect((await b.orders())[0]?.status).toBe('OPEN');
    clock.set(MONDAY_OPEN);
    b.onMarket();
    // A resting limit fills at its own price once crossed (see restingFillPaise).
    expect((await b.orders())[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 118, updatedAt: MONDAY_OPEN });
  });

  it('refuses to modify an order while closed, as the exchange would; cancelling still works', async () => {
    clock = new VirtualClock(istToMs('2026-12-04', '15:00')); // Friday, NSE open
    const b = broker();
    const placed = await b.placeOrder(req({ type: 'LIMIT', price: 118 }));
    clock.set(SATURDAY_NIGHT);
    await expect(b.modifyOrder(placed.id, { type: 'MARKET' })).rejects.toMatchObject({
      code: 'MARKET_CLOSED',
      message: `Order ${placed.id} was not modified: NSE is closed (Saturday 5 Dec 2026 23:30 IST); it opens Mon 7 Dec 09:15.`,
    });
    expect((await b.cancelOrder(placed.id)).status).toBe('CANCELLED');
  });
});

describe('SimBroker orders queued for the open', () => {
  it('keeps a queued market order OPEN until the first tick at or after 09:15, and fills it at that tick’s price', async () => {
    const b = broker();
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    const queued = await b.placeOrder(req({ whenClosed: 'queue' }));
    expect(queued).toMatchObject({ status: 'OPEN', createdAt: SATURDAY_NIGHT });
    market.setPrice(CE, 130.05);
    for (const at of [istToMs('2026-12-06', '10:00'), istToMs('2026-12-07', '09:14:59')]) {
      clock.set(at);
      b.onMarket();
    }
    expect((await b.orders())[0]?.status).toBe('OPEN');
    market.setPrice(CE, 131);
    clock.set(MONDAY_OPEN);
    b.onMarket();
    expect((await b.orders())[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 131, updatedAt: MONDAY_OPEN });
    expect(events.map((e) => (e.type === 'order' ? `order ${e.order.status}` : e.type))).toEqual(['order OPEN', 'order FILLED', 'fill', 'position']);
    expect(events[2]).toMatchObject({ fill: { price: 131, time: MONDAY_OPEN } });
  });

  it('meets the open with a queued limit as a new order would: at the price if marketable, else it rests from 09:15', async () => {
    const b = broker();
    await b.placeOrder(req({ clientOrderId: 'high', type: 'LIMIT', price: 125, whenClosed: 'queue' }));
    await b.placeOrder(req({ clientOrderId: 'low', type: 'LIMIT', price: 118, whenClosed: 'queue' }));
    market.setPrice(CE, 121);
    clock.set(MONDAY_OPEN);
    b.onMarket();
    // BUY 125 against 121.00: filled at 121.00, the better price. BUY 118: not marketable, reported OPEN at 09:15.
    expect((await b.orders()).map((o) => [o.clientOrderId, o.status, o.avgFillPrice, o.updatedAt])).toEqual([
      ['high', 'FILLED', 121, MONDAY_OPEN],
      ['low', 'OPEN', null, MONDAY_OPEN],
    ]);
    market.setPrice(CE, 117.5);
    clock.set(MONDAY_OPEN + 60_000);
    b.onMarket();
    expect((await b.orders({ clientOrderId: 'low' }))[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 118 });
  });

  it('lets a queued order be modified while closed; it stays queued even when its new price is marketable', async () => {
    const b = broker();
    const placed = await b.placeOrder(req({ type: 'LIMIT', price: 100, whenClosed: 'queue' }));
    const moved = await b.modifyOrder(placed.id, { type: 'LIMIT', price: 125 });
    expect(moved).toMatchObject({ status: 'OPEN', price: 125, modifications: [{ time: SATURDAY_NIGHT, type: 'LIMIT', price: 125 }] });
    clock.set(MONDAY_OPEN);
    b.onMarket();
    expect((await b.orders())[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 120.05 });
  });

  it('is still queued after a restart: at the open it fills at the price of the moment, not at its limit', async () => {
    const a = broker();
    const saved = recorder(a);
    await a.placeOrder(req({ type: 'LIMIT', price: 125, whenClosed: 'queue' }));
    clock.set(istToMs('2026-12-06', '12:00'));
    const b = broker();
    b.restore(saved());
    market.setPrice(CE, 121);
    clock.set(MONDAY_OPEN);
    b.onMarket();
    // Treated as a limit resting since Saturday it would fill at 125.00; queued, it meets the open at 121.00.
    expect((await b.orders())[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 121 });
  });
});
