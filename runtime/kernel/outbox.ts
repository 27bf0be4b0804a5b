import type { Broker } from '../broker/types.ts';

/**
 * What the broker reported, held until the broker call that reported it has returned: the broker only
 * records its events here, and the kernel delivers them through the hook points (store, WebSocket, position
 * manager) after the call, so none of that runs inside the broker's call stack. Events go out one at a time,
 * in the order they were recorded, each through all its points before the next; one recorded while another
 * is delivered (an order the position manager places on hearing a fill) joins the end of the queue. What no
 * kernel call drains (a broker called directly, a live broker's own network events) goes out on the next
 * microtask.
 */
export class Outbox<E> {
  private readonly queue: E[] = [];
  private deliver: ((event: E) => void) | undefined;
  private draining = false;
  private scheduled = false;
  /** Broker calls under way through `around`: what they record is drained when they return, no microtask needed. */
  private calls = 0;

  /** Where drained events go; until it is set, nobody listens and nothing is kept. */
  deliverTo(deliver: (event: E) => void): void {
    this.deliver = deliver;
  }

  record(event: E): void {
    if (this.deliver === undefined) return;
    this.queue.push(event);
    if (this.calls > 0 || this.draining || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Makes a broker call, then delivers what it recorded (once the outermost call returns). */
  around<R>(call: () => R): R {
    this.calls++;
    try {
      return call();
    } finally {
      this.calls--;
      this.drain();
    }
  }

  /** Delivers everything recorded so far, and what that records meanwhile; a call made while draining returns at once. */
  drain(): void {
    if (this.draining || this.deliver === undefined) return;
    this.draining = true;
    let delivered = 0;
    try {
      while (delivered < this.queue.length) this.deliver(this.queue[delivered++]!);
    } finally {
      this.queue.splice(0, delivered);
      this.draining = false;
    }
  }
}

/**
 * The broker as the kernel's position manager calls it: each call that may report events (place, modify,
 * cancel, settle) drains the outbox once the broker has returned, before the caller hears the result.
 */
export function drainingBroker(broker: Broker, outbox: Pick<Outbox<unknown>, 'around'>): Broker {
  return {
    id: broker.id,
    mode: broker.mode,
    placeOrder: (req) => outbox.around(() => broker.placeOrder(req)),
    modifyOrder: (orderId, change) => outbox.around(() => broker.modifyOrder(orderId, change)),
    cancelOrder: (orderId) => outbox.around(() => broker.cancelOrder(orderId)),
    settleExpired: (accountId, symbol) => outbox.around(() => broker.settleExpired(accountId, symbol)),
    orders: (filter) => broker.orders(filter),
    positions: (accountId) => broker.positions(accountId),
    accounts: () => broker.accounts(),
    funds: (accountId) => broker.funds(accountId),
    onUpdate: (listener) => broker.onUpdate(listener),
  };
}
