import { toPaise, toRupees } from '../money.ts';
import { compareIds, type BrokerEvent, type Fill, type IdGenerator, type Order } from './types.ts';

/** What a broker recorded, as a store hands it back after a restart. */
export interface BrokerHistory {
  orders: readonly Order[];
  fills: readonly Fill[];
}

export interface ConsistentHistory {
  /** Oldest first (createdAt, then id). Copies: the caller may keep them. */
  orders: Order[];
  /** In the order they happened (time, then id), which is the order FIFO books them in. */
  fills: Fill[];
  /** Orders and fills rebuilt here, as broker events (orders first): a store should save them. */
  repaired: BrokerEvent[];
}

/**
 * Makes a stored history consistent and puts it in time order. A store writes each broker event as it
 * comes, so a crash can fall between an order's FILLED report and its fill. The fill is the record of what
 * traded: an order that is missing or behind its fills is rebuilt from them (type and limit are then
 * unknown, so it reads MARKET), and a FILLED order without a fill gets its fill back (the SIM fills whole
 * orders at one price). Every id read is reserved in `ids` first, so a rebuilt fill takes a fresh id.
 */
export function consistentHistory(history: BrokerHistory, ids: IdGenerator): ConsistentHistory {
  const orders = new Map<string, Order>();
  for (const order of history.orders) orders.set(order.id, { ...order });
  const fills = new Map<string, Fill>();
  for (const fill of history.fills) fills.set(fill.id, { ...fill });
  for (const id of [...orders.keys(), ...fills.keys()]) ids.reserve(id);

  const fillsByOrder = new Map<string, Fill[]>();
  for (const fill of fills.values()) {
    const list = fillsByOrder.get(fill.orderId);
    if (list === undefined) fillsByOrder.set(fill.orderId, [fill]);
    else list.push(fill);
  }

  const repairedOrders: Order[] = [];
  const repairedFills: Fill[] = [];
  for (const [orderId, own] of fillsByOrder) {
    const filled = summarise(own);
    const order = orders.get(orderId);
    if (order === undefined) {
      const [first] = own;
      if (first === undefined) continue;
      const rebuilt: Order = {
        id: orderId,
        clientOrderId: first.clientOrderId,
        accountId: first.accountId,
        symbol: first.symbol,
        side: first.side,
        qty: filled.qty,
        type: 'MARKET',
        price: null,
        status: 'FILLED',
        filledQty: filled.qty,
        avgFillPrice: filled.avgPrice,
        createdAt: filled.firstTime,
        updatedAt: filled.lastTime,
      };
      orders.set(orderId, rebuilt);
      repairedOrders.push(rebuilt);
    } else if (order.filledQty !== filled.qty || order.avgFillPrice !== filled.avgPrice) {
      order.filledQty = filled.qty;
      order.avgFillPrice = filled.avgPrice;
      order.updatedAt = Math.max(order.updatedAt, filled.lastTime);
      if (filled.qty >= order.qty) order.status = 'FILLED';
      repairedOrders.push(order);
    }
  }
  for (const order of orders.values()) {
    if (order.status !== 'FILLED' || fillsByOrder.has(order.id)) continue;
    if (order.avgFillPrice === null) throw new RangeError(`Order ${order.id} is FILLED but has no fill price and no fill; the stored history is damaged.`);
    const fill: Fill = {
      id: ids.next('fill'),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      qty: order.filledQty > 0 ? order.filledQty : order.qty,
      price: order.avgFillPrice,
      time: order.updatedAt,
    };
    fills.set(fill.id, fill);
    repairedFills.push(fill);
  }

  return {
    orders: [...orders.values()].sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id)),
    fills: [...fills.values()].sort((a, b) => a.time - b.time || compareIds(a.id, b.id)),
    repaired: [
      ...repairedOrders.map((order): BrokerEvent => ({ type: 'order', order: { ...order } })),
      ...repairedFills.map((fill): BrokerEvent => ({ type: 'fill', fill: { ...fill } })),
    ],
  };
}

/** Quantity, average price (to the paisa) and time span of one order's fills. */
function summarise(fills: readonly Fill[]): { qty: number; avgPrice: number; firstTime: number; lastTime: number } {
  let qty = 0;
  let valuePaise = 0;
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const fill of fills) {
    qty += fill.qty;
    valuePaise += toPaise(fill.price) * fill.qty;
    firstTime = Math.min(firstTime, fill.time);
    lastTime = Math.max(lastTime, fill.time);
  }
  return { qty, avgPrice: toRupees(Math.round(valuePaise / qty)), firstTime, lastTime };
}
