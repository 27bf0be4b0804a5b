import { describe, expect, it } from 'vitest';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { positionSource as node } from './position.ts';

describe('source.position', () => {
  const params = node.params.parse({});

  it('matches the chosen position events only', () => {
    const hit = testSignal({ source: 'position', data: { event: 'leg_stop_hit' } });
    expect(node.trigger?.matches(hit, params, 'pos')).toBe(true);
    const exited = testSignal({ source: 'position', data: { event: 'group_exited' } });
    expect(node.trigger?.matches(exited, params, 'pos')).toBe(false);
    expect(node.trigger?.matches(exited, node.params.parse({ events: ['group_exited'] }), 'pos')).toBe(true);
    // A group held to expiry and cash-settled: a roll-over listens to this one.
    const expired = testSignal({ source: 'position', data: { event: 'expired', groupId: 'g7' } });
    expect(node.trigger?.matches(expired, node.params.parse({ events: ['expired'] }), 'pos')).toBe(true);
    const notPosition = testSignal({ source: 'python', data: { event: 'leg_stop_hit' } });
    expect(node.trigger?.matches(notPosition, params, 'pos')).toBe(false);
  });

  it('hands the event, group and leg on in vars for an exit or re-entry', async () => {
    const msg = testMessage({}, { source: 'position', data: { event: 'leg_stop_hit', groupId: 'g7', legId: 'legs1.1' } });
    const out = await node.run(testContext().ctx, msg, params);
    expect(out?.signal).toEqual({ ...msg, vars: { event: 'leg_stop_hit', groupId: 'g7', legId: 'legs1.1' } });
    expect(node.summary(params)).toBe('On leg stop hit, leg target hit');
  });
});
