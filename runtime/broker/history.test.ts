import { describe, expect, it } from 'vitest';
import { consistentHistory } from './history.ts';
import { compareIds, counterIds, type Fill, type Order } from './types.ts';

const CE = 'NIFTY01DEC2626000CE';

function order(over: Partial<Order> & Pick<Order, 'id'>): Order {
  return {
    clientOrderId: `c-${over.id}`,
    accountId: 'SIM-1',
    symbol: CE,
    side: 'SELL',
    qty: 65,
    type: 'MARKET',
    price: null,
    status: 'FILLED',
    filledQty: 65,
    avgFillPrice: 120.05,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...over,
  };
}

function fill(over: Partial<Fill> & Pick<Fill, 'id' | 'orderId'>): Fill {
  return { clientOrderId: `c-${over.orderId}`, accountId: 'SIM-1', symbol: CE, side: 'SELL', qty: 65, price: 120.05, time: 1_000, ...over };
}

describe('consistentHistory', () => {
  it('leaves a consistent history as it is, orders and fills in the order they happened', () => {
    const orders = [order({ id: 'ord-10', createdAt: 2_000 }), order({ id: 'ord-9', createdAt: 2_000 }), order({ id: 'ord-1' })];
    // Same millisecond: fill-9 happened before fill-10, which a plain string sort would reverse.
    const fills = [
      fill({ id: 'fill-10', orderId: 'ord-10', time: 2_000 }),
      fill({ id: 'fill-9', orderId: 'ord-9', time: 2_000 }),
      fill({ id: 'fill-1', orderId: 'ord-1' }),
    ];
    const history = consistentHistory({ orders, fills }, counterIds());
    expect(history.orders.map((o) => o.id)).toEqual(['ord-1', 'ord-9', 'ord-10']);
    expect(history.fills.map((f) => f.id)).toEqual(['fill-1', 'fill-9', 'fill-10']);
    expect(history.repaired).toEqual([]);
  });

  it('rebuilds an order whose row was lost after its fill was saved, as a FILLED market order', () => {
    const history = consistentHistory({ orders: [], fills: [fill({ id: 'fill-1', orderId: 'ord-1', time: 1_500 })] }, counterIds());
    const rebuilt = { id: 'ord-1', clientOrderId: 'c-ord-1', status: 'FILLED', type: 'MARKET', qty: 65, filledQty: 65, avgFillPrice: 120.05, createdAt: 1_500 };
    expect(history.orders).toEqual([expect.objectContaining(rebuilt)]);
    expect(history.repaired).toEqual([{ type: 'order', order: expect.objectContaining(rebuilt) }]);
  });

  it('gives a FILLED order whose fill was lost its fill back, under a fresh id', () => {
    const orders = [order({ id: 'ord-1', updatedAt: 1_200 }), order({ id: 'ord-2', updatedAt: 1_300, avgFillPrice: 110, side: 'BUY' })];
    const history = consistentHistory({ orders, fills: [fill({ id: 'fill-1', orderId: 'ord-1' })] }, counterIds());
    const lost = { id: 'fill-2', orderId: 'ord-2', clientOrderId: 'c-ord-2', side: 'BUY', qty: 65, price: 110, time: 1_300 };
    expect(history.fills.map((f) => f.id)).toEqual(['fill-1', 'fill-2']);
    expect(history.repaired).toEqual([{ type: 'fill', fill: expect.objectContaining(lost) }]);
  });

  it('marks an OPEN limit order FILLED when its fill was saved but not the order’s new state', () => {
    const open = order({ id: 'ord-1', type: 'LIMIT', price: 118, status: 'OPEN', filledQty: 0, avgFillPrice: null });
    const history = consistentHistory({ orders: [open], fills: [fill({ id: 'fill-1', orderId: 'ord-1', price: 118, time: 4_000 })] }, counterIds());
    expect(history.orders[0]).toMatchObject({ status: 'FILLED', filledQty: 65, avgFillPrice: 118, price: 118, type: 'LIMIT', updatedAt: 4_000 });
    expect(history.repaired).toHaveLength(1);
  });

  it('refuses a FILLED order with neither fill price nor fill', () => {
    expect(() => consistentHistory({ orders: [order({ id: 'ord-1', avgFillPrice: null })], fills: [] }, counterIds())).toThrow(
      /ord-1 is FILLED but has no fill price/,
    );
  });
});

describe('counterIds', () => {
  it('counts per prefix and never issues a reserved id again', () => {
    const ids = counterIds();
    ids.reserve('ord-7');
    ids.reserve('ord-3');
    ids.reserve('dep-1:sig-1:enter');
    expect([ids.next('ord'), ids.next('fill'), ids.next('grp')]).toEqual(['ord-8', 'fill-1', 'grp-1']);
  });

  it('compares ids of one prefix by their number', () => {
    expect(['ord-10', 'ord-9', 'fill-2', 'ord-1'].sort(compareIds)).toEqual(['fill-2', 'ord-1', 'ord-9', 'ord-10']);
  });
});
