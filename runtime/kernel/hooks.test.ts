import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker/types.ts';
import type { GroupSnapshot } from '../positions/snapshot.ts';
import type { PositionEvent } from '../positions/types.ts';
import { HOOK_POINTS, KernelHooks } from './hooks.ts';

/** Hooks whose sources the test drives by hand, counting how often each was subscribed. */
function manualHooks() {
  const runs: { broker?: (e: BrokerEvent) => void; group?: (s: GroupSnapshot) => void; position?: (e: PositionEvent) => void } = {};
  const subscribed = { broker: 0, group: 0, position: 0 };
  const hooks = new KernelHooks({
    broker: (run) => ((runs.broker = run), subscribed.broker++),
    group: (run) => ((runs.group = run), subscribed.group++),
    position: (run) => ((runs.position = run), subscribed.position++),
  });
  return { hooks, runs, subscribed };
}

const fillEvent = { type: 'fill', fill: { id: 'fill-1' } } as BrokerEvent;

describe('KernelHooks', () => {
  it('runs the points in their declared order, whatever order the handlers were added in', () => {
    const { hooks, runs } = manualHooks();
    const heard: string[] = [];
    for (const point of [...HOOK_POINTS.broker].reverse()) hooks.on(point, () => heard.push(point));
    hooks.on('broker:persist', () => heard.push('broker:persist (second handler)'));
    runs.broker!(fillEvent);
    expect(heard).toEqual(['broker:persist', 'broker:persist (second handler)', 'broker:publish', 'broker:positions']);
  });

  it('subscribes to a source once, and only when its flow gets a handler (a source may skip unheard events)', () => {
    const { hooks, subscribed } = manualHooks();
    hooks.on('broker:publish', () => undefined);
    hooks.on('broker:persist', () => undefined);
    expect(subscribed).toEqual({ broker: 1, group: 0, position: 0 });
    hooks.on('group:publish', () => undefined);
    expect(subscribed).toEqual({ broker: 1, group: 1, position: 0 });
  });

  it('stops calling a handler once it is removed, and keeps the flows apart', () => {
    const { hooks, runs } = manualHooks();
    const heard: string[] = [];
    const off = hooks.on('group:persist', (s) => heard.push(`persist ${s.id}`));
    hooks.on('group:publish', (s) => heard.push(`publish ${s.id}`));
    hooks.on('position:risk', (e) => heard.push(`risk ${e.type}`));
    runs.group!({ id: 'grp-1' } as GroupSnapshot);
    off();
    runs.group!({ id: 'grp-2' } as GroupSnapshot);
    runs.position!({ type: 'daily_loss_hit' } as PositionEvent);
    expect(heard).toEqual(['persist grp-1', 'publish grp-1', 'publish grp-2', 'risk daily_loss_hit']);
  });
});
