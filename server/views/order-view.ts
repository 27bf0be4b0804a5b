import type { z } from 'zod';
import type { order as orderContract } from '../../contracts/trading.ts';
import type { Order } from '../../runtime/broker/types.ts';

export type OrderView = z.output<typeof orderContract>;

/**
 * An order as clients see it, over REST and in `order.updated` alike: rupees, its deployment by name, and
 * its times ISO. `order` is the broker's (prices in rupees, times epoch ms).
 */
export function orderView(order: Order): OrderView {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    deploymentId: order.tag ?? null,
    symbol: order.symbol,
    side: order.side,
    qty: order.qty,
    type: order.type,
    price: order.price,
    status: order.status,
    filledQty: order.filledQty,
    avgFillPrice: order.avgFillPrice,
    rejectReason: order.rejectReason ?? null,
    createdAt: new Date(order.createdAt).toISOString(),
    modifications: (order.modifications ?? []).map((m) => ({ time: new Date(m.time).toISOString(), type: m.type, price: m.price })),
  };
}
