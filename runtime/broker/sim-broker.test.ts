import { beforeEach, describe, expect, it } from 'vitest';
import { FixedMarket } from '../market/fixed-market.ts';
import { SimBroker, type SimBrokerOptions } from './sim-broker.ts';
import { VirtualClock } from '../market/clock.ts';
import { istToMs } from '../time.ts';
import type { BrokerHistory } from './history.ts';
import { BrokerError, type BrokerEvent, type Fill, type Order, type OrderRequest } from './types.ts';

const CE = 'NIFTY01DEC2626000CE';
const PE = 'NIFTY01DEC2626000PE';
/** Wednesday 25 Nov 2026, 10:00 IST: NSE is open. */
const T0 = istToMs('2026-11-25', '10:00');

let market: FixedMarket;
let clock: VirtualClock;

function broker(options: Partial<SimBrokerOptions> = {}): SimBroker {
  return new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }], ...options });
}

function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: 'c1', accountId: 'SIM-1', symbol: CE, side: 'BUY', qty: 65, type: 'MARKET', ...over };
}

beforeEach(() => {
  market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
  clock = new VirtualClock(T0);
});

describe('SimBroker market orders', () => {
  it('fills at LTP and emits order, fill and position events in that order (a stored fill refers to its order)', async () => {
    const b = broker();
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    const order = await b.placeOrder(req());
    expect(order).toMatchObject({ id: 'ord-1', status: 'FILLED', filledQty: 65, avgFillPrice: 120.05, createdAt: T0 });
    expect(events.map((e) => e.type)).toEqual(['order', 'fill', 'position']);
    expect(events[1]).toMatchObject({ fill: { id: 'fill-1', orderId: 'ord-1', qty: 65, price: 120.05, time: T0 } });
  });

  it('applies slippage in ticks: a BUY pays up, a SELL receives less', async () => {
    const b = broker({ slippageTicks: 2 });
    expect((await b.placeOrder(req({ clientOrderId: 'b' }))).avgFillPrice).toBe(120.15);
    expect((await b.placeOrder(req({ clientOrderId: 's', side: 'SELL' }))).avgFillPrice).toBe(119.95);
  });

  it('never fills a slipped SELL below one tick', async () => {
    market.setPrice(CE, 0.05);
    const order = await broker({ slippageTicks: 3 }).placeOrder(req({ side: 'SELL' }));
    expect(order.avgFillPrice).toBe(0.05);
  });

  it('rounds an off-tick LTP to the tick', async () => {
    market.setPrice(CE, 120.03);
    expect((await broker().placeOrder(req())).avgFillPrice).toBe(120.05);
  });
});

describe('SimBroker limit orders', () => {
  it('fills a marketable limit at once at LTP, not at the limit', async () => {
    const order = await broker().placeOrder(req({ type: 'LIMIT', price: 121 }));
    expect(order).toMatchObject({ status: 'FILLED', price: 121, avgFillPrice: 120.05 });
  });

  it('caps slippage of a marketable limit at its price', async () => {
    const order = await broker({ slippageTicks: 4 }).placeOrder(req({ type: 'LIMIT', price: 120.1 }));
    expect(order.avgFillPrice).toBe(120.1);
  });

  it('rests a BUY limit below the market and fills it at the limit once LTP crosses', async () => {
    const b = broker();
    const placed = await b.placeOrder(req({ type: 'LIMIT', price: 118 }));
    expect(placed.status).toBe('OPEN');
    market.setPrice(CE, 118.05);
    b.onMarket();
    expect((await b.orders({ status: 'OPEN' })).map((o) => o.id)).toEqual([placed.id]);
    market.setPrice(CE, 117.5);
    clock.set(T0 + 4_000);
    b.onMarket([CE]);
    const [filled] = await b.orders({ clientOrderId: 'c1' });
    expect(filled).toMatchObject({ status: 'FILLED', avgFillPrice: 118, updatedAt: T0 + 4_000 });
    // Marked at 117.50: (117.50 − 118.00) × 65 = −32.50
    expect(await b.positions('SIM-1')).toEqual([
      // No charges model: charges 0, net = gross.
      { accountId: 'SIM-1', symbol: CE, qty: 65, avgPrice: 118, ltp: 117.5, realisedPnl: 0, unrealisedPnl: -32.5, pnl: -32.5, charges: 0, netPnl: -32.5 },
    ]);
  });

  it('rests a SELL limit above the market and fills when LTP reaches it', async () => {
    const b = broker();
    await b.placeOrder(req({ side: 'SELL', type: 'LIMIT', price: 125 }));
    market.setPrice(CE, 125);
    b.onMarket();
    expect((await b.orders())[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 125 });
  });

  it('cancels an open order, and refuses to cancel one that is not open', async () => {
    const b = broker();
    const open = await b.placeOrder(req({ type: 'LIMIT', price: 100 }));
    expect((await b.cancelOrder(open.id)).status).toBe('CANCELLED');
    market.setPrice(CE, 90);
    b.onMarket();
    expect((await b.orders())[0]?.status).toBe('CANCELLED');
    await expect(b.cancelOrder(open.id)).rejects.toMatchObject({ code: 'ORDER_NOT_OPEN' });
    await expect(b.cancelOrder('nope')).rejects.toBeInstanceOf(BrokerError);
  });
});

describe('SimBroker.modifyOrder', () => {
  it('moves a resting limit, noting each change, and fills it once the new price is marketable', async () => {
    const b = broker();
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    const placed = await b.placeOrder(req({ type: 'LIMIT', price: 119 }));
    clock.set(T0 + 1_000);
    const moved = await b.modifyOrder(placed.id, { type: 'LIMIT', price: 119.5 });
    expect(moved).toMatchObject({
      id: placed.id,
      status: 'OPEN',
      price: 119.5,
      updatedAt: T0 + 1_000,
      modifications: [{ time: T0 + 1_000, type: 'LIMIT', price: 119.5 }],
    });
    // LTP is 120.05: a BUY limit moved to 120.10 is marketable and fills at LTP, never past the limit.
    clock.set(T0 + 2_000);
    const filled = await b.modifyOrder(placed.id, { type: 'LIMIT', price: 120.1 });
    expect(filled).toMatchObject({ status: 'FILLED', price: 120.1, avgFillPrice: 120.05, filledQty: 65 });
    expect(filled.modifications).toEqual([
      { time: T0 + 1_000, type: 'LIMIT', price: 119.5 },
      { time: T0 + 2_000, type: 'LIMIT', price: 120.1 },
    ]);
    // The copy handed out earlier keeps the history it had.
    expect(moved.modifications).toHaveLength(1);
    expect(events.filter((e) => e.type === 'order').map((e) => e.type === 'order' && [e.order.status, e.order.price])).toEqual([
      ['OPEN', 119],
      ['OPEN', 119.5],
      ['FILLED', 120.1],
    ]);
  });

  it('converts a resting limit to MARKET, filling at LTP with slippage', async () => {
    const b = broker({ slippageTicks: 1 });
    const placed = await b.placeOrder(req({ side: 'SELL', type: 'LIMIT', price: 125 }));
    market.setPrice(CE, 121);
    const filled = await b.modifyOrder(placed.id, { type: 'MARKET' });
    // SELL at market: 121.00 − 1 tick = 120.95
    expect(filled).toMatchObject({ status: 'FILLED', type: 'MARKET', price: null, avgFillPrice: 120.95 });
    expect((await b.positions('SIM-1'))[0]).toMatchObject({ qty: -65, avgPrice: 120.95 });
  });

  it('refuses a change off the tick or to an order that is not open, leaving the order as it was', async () => {
    const b = broker();
    const placed = await b.placeOrder(req({ type: 'LIMIT', price: 119 }));
    await expect(b.modifyOrder(placed.id, { type: 'LIMIT', price: 119.03 })).rejects.toMatchObject({
      code: 'INVALID_MODIFICATION',
      message: /not on the tick/,
    });
    await expect(b.modifyOrder(placed.id, { type: 'LIMIT' })).rejects.toMatchObject({ code: 'INVALID_MODIFICATION' });
    expect((await b.orders())[0]).toMatchObject({ price: 119, status: 'OPEN' });
    expect((await b.orders())[0]).not.toHaveProperty('modifications');
    await b.cancelOrder(placed.id);
    await expect(b.modifyOrder(placed.id, { type: 'MARKET' })).rejects.toMatchObject({ code: 'ORDER_NOT_OPEN', message: /only an OPEN order can be modified/ });
    await expect(b.modifyOrder('nope', { type: 'MARKET' })).rejects.toMatchObject({ code: 'UNKNOWN_ORDER' });
  });
});

describe('SimBroker idempotency', () => {
  it('returns the existing order for a repeated clientOrderId and places nothing more', async () => {
    const b = broker();
    const first = await b.placeOrder(req());
    market.setPrice(CE, 130);
    const again = await b.placeOrder(req());
    expect(again).toEqual(first);
    expect(await b.orders()).toHaveLength(1);
    expect((await b.positions('SIM-1'))[0]?.qty).toBe(65);
  });

  it('scopes clientOrderIds per account', async () => {
    const b = broker({ accounts: [{ id: 'SIM-1' }, { id: 'SIM-2' }] });
    await b.placeOrder(req());
    await b.placeOrder(req({ accountId: 'SIM-2' }));
    expect(await b.orders()).toHaveLength(2);
  });
});

describe('SimBroker rejections', () => {
  const cases: Array<[string, Partial<OrderRequest>, RegExp]> = [
    ['unknown symbol', { symbol: 'NIFTY01DEC2699999CE' }, /No quote for NIFTY01DEC2699999CE/],
    ['zero qty', { qty: 0 }, /positive whole number/],
    ['fractional qty', { qty: 1.5 }, /positive whole number/],
    ['off-tick limit', { type: 'LIMIT', price: 120.03 }, /not on the tick 0.05; use 120.00 or 120.05/],
    ['limit without price', { type: 'LIMIT' }, /needs a positive price/],
    ['unknown account', { accountId: 'SIM-9' }, /Unknown account "SIM-9"/],
    ['live account', { accountId: 'LIVE-1' }, /"LIVE-1" is a live account; the sim broker only trades sim accounts/],
  ];
  it.each(cases)('rejects %s with a reason and books nothing', async (_name, over, reason) => {
    const b = broker({ accounts: [{ id: 'SIM-1' }, { id: 'LIVE-1', mode: 'live' }] });
    const order = await b.placeOrder(req(over));
    expect(order.status).toBe('REJECTED');
    expect(order.rejectReason).toMatch(reason);
    expect(await b.positions('SIM-1')).toEqual([]);
  });
});

describe('SimBroker accounts', () => {
  it('tracks virtual capital (₹10,00,000 by default), cash and P&L of a short straddle to the paisa', async () => {
    const b = broker();
    expect(await b.accounts()).toEqual([{ id: 'SIM-1', name: 'SIM-1', mode: 'sim' }]);
    expect(await b.funds('SIM-1')).toMatchObject({ capital: 1_000_000, cash: 1_000_000, equity: 1_000_000 });
    await b.placeOrder(req({ clientOrderId: 'ce', side: 'SELL' }));
    await b.placeOrder(req({ clientOrderId: 'pe', side: 'SELL', symbol: PE }));
    market.setPrice(CE, 150.1).setPrice(PE, 100);
    await b.placeOrder(req({ clientOrderId: 'ce-exit' }));
    expect(await b.funds('SIM-1')).toEqual({
      accountId: 'SIM-1',
      capital: 1_000_000,
      // + 120.05 × 65 + 110.00 × 65 − 150.10 × 65 = 7,803.25 + 7,150.00 − 9,756.50
      cash: 1_005_196.75,
      realisedPnl: -1953.25, // −(150.10 − 120.05) × 65
      unrealisedPnl: 650, // (110 − 100) × 65 on the short PE
      charges: 0, // no charges model (see sim-broker-money.test.ts)
      equity: 998_696.75,
      marginUsed: 0, // no margin model
      marginFree: 998_696.75,
    });
  });

  it('refuses a duplicate account, and positions or funds of an unknown account', async () => {
    const b = broker();
    expect(() => b.addAccount({ id: 'SIM-1' })).toThrow(/already exists/);
    await expect(b.positions('nope')).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT' });
    await expect(b.funds('nope')).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT' });
  });
});

describe('SimBroker.restore', () => {
  /** Everything `b` reports, kept as a store would: the latest state of each order, every fill, as JSON. */
  function recorder(b: SimBroker) {
    const orders = new Map<string, Order>();
    const fills: Fill[] = [];
    b.onUpdate((e) => {
      if (e.type === 'order') orders.set(e.order.id, e.order);
      if (e.type === 'fill') fills.push(e.fill);
    });
    return (): BrokerHistory => JSON.parse(JSON.stringify({ orders: [...orders.values()], fills })) as BrokerHistory;
  }

  /** A sold straddle, a resting BUY limit on CE at 100, a rejected order, and CE bought back at 150.10. */
  async function tradedBroker() {
    const a = broker();
    const saved = recorder(a);
    await a.placeOrder(req({ clientOrderId: 'ce', side: 'SELL' }));
    await a.placeOrder(req({ clientOrderId: 'pe', side: 'SELL', symbol: PE }));
    await a.placeOrder(req({ clientOrderId: 'lim', type: 'LIMIT', price: 100 }));
    await a.placeOrder(req({ clientOrderId: 'bad', qty: 0 }));
    market.setPrice(CE, 150.1);
    clock.set(T0 + 1_000);
    await a.placeOrder(req({ clientOrderId: 'ce-exit' }));
    return { a, saved: saved() };
  }

  it('rebuilds orders, positions and cash, reporting nothing', async () => {
    const { a, saved } = await tradedBroker();
    const b = broker();
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    b.restore(saved);
    expect(events).toEqual([]);
    expect(await b.orders()).toEqual(await a.orders());
    expect((await b.orders()).map((o) => [o.id, o.status])).toEqual([
      ['ord-1', 'FILLED'],
      ['ord-2', 'FILLED'],
      ['ord-3', 'OPEN'],
      ['ord-4', 'REJECTED'],
      ['ord-5', 'FILLED'],
    ]);
    expect(await b.positions('SIM-1')).toEqual(await a.positions('SIM-1'));
    expect(await b.funds('SIM-1')).toMatchObject({
      cash: 1_005_196.75, // + 120.05 × 65 + 110.00 × 65 − 150.10 × 65
      realisedPnl: -1953.25, // (120.05 − 150.10) × 65
      unrealisedPnl: 0, // the short PE is still at its sale price
    });
  });

  it('returns the saved order for a known clientOrderId and places nothing', async () => {
    const { saved } = await tradedBroker();
    const b = broker();
    b.restore(saved);
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    expect(await b.placeOrder(req({ clientOrderId: 'ce', side: 'SELL' }))).toMatchObject({ id: 'ord-1', avgFillPrice: 120.05 });
    expect(events).toEqual([]);
    expect(await b.orders()).toHaveLength(5);
  });

  it('fills a restored resting limit when the market later crosses it, and issues ids after the restored ones', async () => {
    const { saved } = await tradedBroker();
    const b = broker();
    b.restore(saved);
    market.setPrice(CE, 99.95);
    clock.set(T0 + 2_000);
    b.onMarket([CE]);
    expect((await b.orders({ clientOrderId: 'lim' }))[0]).toMatchObject({ id: 'ord-3', status: 'FILLED', avgFillPrice: 100, updatedAt: T0 + 2_000 });
    const next = await b.placeOrder(req({ clientOrderId: 'new', side: 'SELL', symbol: PE }));
    expect(next.id).toBe('ord-6');
    // CE: flat after the buy-back, then long 65 at the limit; PE: short 65 more at 110.
    expect((await b.positions('SIM-1')).map((p) => [p.symbol, p.qty, p.avgPrice])).toEqual([
      [CE, 65, 100],
      [PE, -130, 110],
    ]);
  });

  it('continues ids past the highest restored one, fill ids too', async () => {
    const b = broker();
    b.restore({
      orders: [
        {
          id: 'ord-7',
          clientOrderId: 'x',
          accountId: 'SIM-1',
          symbol: CE,
          side: 'BUY',
          qty: 65,
          type: 'MARKET',
          price: null,
          status: 'FILLED',
          filledQty: 65,
          avgFillPrice: 120,
          createdAt: 500,
          updatedAt: 500,
        },
      ],
      fills: [{ id: 'fill-7', orderId: 'ord-7', clientOrderId: 'x', accountId: 'SIM-1', symbol: CE, side: 'BUY', qty: 65, price: 120, time: 500 }],
    });
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    expect((await b.placeOrder(req({ clientOrderId: 'y' }))).id).toBe('ord-8');
    expect(events.find((e) => e.type === 'fill')).toMatchObject({ fill: { id: 'fill-8' } });
  });

  it('refuses a broker that has orders, and a history of an account it does not have, changing nothing', async () => {
    const { saved } = await tradedBroker();
    const used = broker();
    await used.placeOrder(req());
    expect(() => used.restore(saved)).toThrow(/fresh broker/);
    const other = broker({ accounts: [{ id: 'SIM-2' }] });
    expect(() => other.restore(saved)).toThrow(/Unknown account "SIM-1"/);
    expect(await other.orders()).toEqual([]);
  });
});
