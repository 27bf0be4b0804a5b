import { describe, expect, it } from 'vitest';
import type { Broker, BrokerEvent, Order } from '../broker/types.ts';
import { drainingBroker, Outbox } from './outbox.ts';

describe('Outbox', () => {
  it('delivers in the order recorded, each event before the next, what a delivery records joining the end', () => {
    const outbox = new Outbox<string>();
    const heard: string[] = [];
    outbox.deliverTo((event) => {
      heard.push(`start ${event}`);
      // A handler that reacts by causing more events (the position manager placing an exit)...
      if (event === 'a') outbox.record('a-reaction');
      // ...and drains, as a broker call made through the kernel does: a no-op while a drain runs.
      outbox.drain();
      heard.push(`end ${event}`);
    });
    outbox.record('a');
    outbox.record('b');
    expect(heard).toEqual([]);
    outbox.drain();
    expect(heard).toEqual(['start a', 'end a', 'start b', 'end b', 'start a-reaction', 'end a-reaction']);
    outbox.drain();
    expect(heard).toHaveLength(6);
  });

  it('delivers what no call drains on the next microtask, and keeps nothing before it has somewhere to deliver', async () => {
    const outbox = new Outbox<string>();
    outbox.record('unheard');
    const heard: string[] = [];
    outbox.deliverTo((event) => heard.push(event));
    outbox.record('late');
    expect(heard).toEqual([]);
    await Promise.resolve();
    expect(heard).toEqual(['late']);
  });
});

describe('drainingBroker', () => {
  it('delivers what a call reported once the broker has returned, before the caller hears the result', async () => {
    const outbox = new Outbox<BrokerEvent>();
    const log: string[] = [];
    const order = { id: 'ord-1', status: 'FILLED' } as Order;
    const broker = {
      id: 'fake',
      mode: 'sim',
      placeOrder: () => {
        outbox.record({ type: 'order', order });
        log.push('broker returns');
        return Promise.resolve(order);
      },
    } as unknown as Broker;
    outbox.deliverTo((e) => log.push(`delivered ${e.type === 'order' ? e.order.id : e.type}`));
    const placing = drainingBroker(broker, outbox).placeOrder({ clientOrderId: 'c', accountId: 'a', symbol: 's', side: 'BUY', qty: 1, type: 'MARKET' });
    // Synchronously, as the call returns: not left to the microtask that catches what nobody drains.
    expect(log).toEqual(['broker returns', 'delivered ord-1']);
    log.push(`caller hears ${(await placing).id}`);
    expect(log).toEqual(['broker returns', 'delivered ord-1', 'caller hears ord-1']);
  });
});
