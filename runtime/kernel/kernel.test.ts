import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { registry } from '../../nodes/catalogue.ts';
import type { BrokerEvent } from '../broker/types.ts';
import { compileGraph } from '../plan.ts';
import { tvSignal } from '../testing/graph.ts';
import { istToMs } from '../time.ts';
import { simEnvironment } from './environment.ts';
import { Kernel } from './kernel.ts';

const T0 = istToMs('2026-11-25', '10:00');
const straddle = compileGraph(JSON.parse(readFileSync(new URL('../../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);
const orderKey = (e: BrokerEvent) => (e.type === 'order' ? `${e.order.id} ${e.order.status}` : e.type);

describe('Kernel on the SIM environment', () => {
  it('has a store and the publisher hear each broker event before the position manager, and the manager each order once, however late they subscribe', async () => {
    const kernel = new Kernel(simEnvironment({ startMs: T0, seed: 1 }));
    const heard: string[] = [];
    const persisted = new Set<string>();
    const react = kernel.positions.onBrokerEvent.bind(kernel.positions);
    const manager = vi.spyOn(kernel.positions, 'onBrokerEvent').mockImplementation((e) => {
      // The order the manager is about to act on is already with the store.
      heard.push(`positions ${orderKey(e)}${persisted.has(orderKey(e)) ? '' : ' (before the store!)'}`);
      react(e);
    });
    // Added publisher first, store last: the declared order decides, not this one.
    kernel.hooks.on('broker:publish', (e) => heard.push(`publish ${orderKey(e)}`));
    kernel.hooks.on('broker:persist', (e) => {
      persisted.add(orderKey(e));
      heard.push(`persist ${orderKey(e)}`);
    });

    const run = await kernel.deploy(straddle, { id: 'dep-1' }).submit(tvSignal('sig-1', 'ENTRY', T0, { channel: 'nifty-straddle' }));

    expect(run.status).toBe('completed');
    const order = (id: string) => [`persist ${id} FILLED`, `publish ${id} FILLED`, `positions ${id} FILLED`];
    const rest = ['persist fill', 'publish fill', 'positions fill', 'persist position', 'publish position', 'positions position'];
    expect(heard).toEqual([...order('ord-1'), ...rest, ...order('ord-2'), ...rest]);
    const orderEvents = manager.mock.calls.filter(([e]) => e.type === 'order');
    expect(orderEvents.map(([e]) => orderKey(e))).toEqual(['ord-1 FILLED', 'ord-2 FILLED']);
    expect(kernel.positions.groups('dep-1').map((g) => g.legs.map((l) => l.status))).toEqual([['open', 'open']]);
  });

  it("delivers each broker event after the broker call that reported it has returned: the store writes outside the broker's call stack, in the order the broker reported", async () => {
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    try {
      const kernel = new Kernel(simEnvironment({ startMs: T0, seed: 1 }));
      const inBroker = /SimBroker\.|sim-broker\.ts/;
      // A listener on the broker itself runs inside its call stack: the check below can tell the difference.
      const reported: Array<{ key: string; stack: string }> = [];
      kernel.broker.onUpdate((e) => reported.push({ key: orderKey(e), stack: new Error().stack ?? '' }));
      const persisted: Array<{ key: string; stack: string }> = [];
      kernel.hooks.on('broker:persist', (e) => persisted.push({ key: orderKey(e), stack: new Error().stack ?? '' }));

      // Orders the position manager places through the kernel...
      await kernel.deploy(straddle, { id: 'dep-1' }).submit(tvSignal('sig-1', 'ENTRY', T0, { channel: 'nifty-straddle' }));
      // ...one placed on the broker directly, resting...
      const ce = (await kernel.broker.orders()).find((o) => o.symbol.endsWith('CE'))!;
      const limit = Math.floor(kernel.market.quote(ce.symbol)!.ask * 10) / 20;
      const resting = await kernel.broker.placeOrder({
        clientOrderId: 'dip-buy',
        accountId: kernel.accountId,
        symbol: ce.symbol,
        side: 'BUY',
        qty: ce.qty,
        type: 'LIMIT',
        price: limit,
      });
      expect(resting.status).toBe('OPEN');
      // ...and filled by a market step (the call falls far enough for the ask to cross the limit).
      kernel.market.setSpot('NIFTY', 25_000);
      await kernel.tick(60_000);

      expect(reported.map((r) => r.key)).toContain(`${resting.id} FILLED`);
      expect(reported.every((r) => inBroker.test(r.stack))).toBe(true);
      expect(persisted.map((p) => p.key)).toEqual(reported.map((r) => r.key));
      expect(persisted.filter((p) => inBroker.test(p.stack)).map((p) => p.key)).toEqual([]);
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
  });

  it('delivers position events to the deployments before the risk handlers', async () => {
    const kernel = new Kernel(simEnvironment({ startMs: T0, seed: 1 }));
    const seenByRisk: number[] = [];
    kernel.hooks.on('position:risk', () => seenByRisk.push(kernel.events.length));
    await kernel.deploy(straddle, { id: 'dep-1' }).submit(tvSignal('sig-1', 'ENTRY', T0, { channel: 'nifty-straddle' }));
    kernel.market.setSpot('NIFTY', 26_400);
    await kernel.tick(60_000);
    // The stop on the CE leg: recorded in the kernel's events (the deployments' point) when risk hears it.
    expect(kernel.events.map((e) => e.type)).toEqual(['leg_stop_hit']);
    expect(seenByRisk).toEqual([1]);
  });
});
