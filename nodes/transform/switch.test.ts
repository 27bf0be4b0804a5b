import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { switchTransform as node } from './switch.ts';

describe('transform.switch', () => {
  const { ctx } = testContext();

  it('routes ENTRY to case 1, EXIT to case 2 and others to default, ignoring case by default', async () => {
    const p = node.params.parse({});
    const entry = testMessage({}, { action: 'ENTRY' });
    expect(await node.run(ctx, entry, p)).toEqual({ case1: entry });
    const exit = testMessage({}, { action: 'EXIT' });
    expect(await node.run(ctx, exit, p)).toEqual({ case2: exit });
    const adjust = testMessage({}, { action: 'ADJUST' });
    expect(await node.run(ctx, adjust, p)).toEqual({ default: adjust });
    expect(node.summary(p)).toBe('action: ENTRY → 1 · EXIT → 2 · else default');
  });

  it('routes on alert data and vars, case-sensitively when asked', async () => {
    const p = node.params.parse({ field: 'vars.regime', cases: ['calm', 'wild'], caseSensitive: true });
    const wild = testMessage({ vars: { regime: 'wild' } });
    expect(await node.run(ctx, wild, p)).toEqual({ case2: wild });
    const shouting = testMessage({ vars: { regime: 'WILD' } });
    expect(await node.run(ctx, shouting, p)).toEqual({ default: shouting });
    const byQty = node.params.parse({ field: 'qty', cases: ['1', '2'] });
    const two = testMessage({}, { qty: 2 });
    expect(await node.run(ctx, two, byQty)).toEqual({ case2: two });
  });

  it('sends a missing field or an object to default', async () => {
    const p = node.params.parse({ field: 'vars.nothing' });
    const msg = testMessage();
    expect(await node.run(ctx, msg, p)).toEqual({ default: msg });
    expect(await node.run(ctx, msg, node.params.parse({ field: 'signal' }))).toEqual({ default: msg });
  });

  it('refuses duplicate cases, too many cases and prototype paths', () => {
    expect(node.check?.(node.params.parse({ cases: ['ENTRY', 'entry'] }))).toEqual(['the case "entry" is listed twice; the second one would never be reached']);
    expect(node.check?.(node.params.parse({ field: 'signal.constructor' }))?.[0]).toMatch(/not allowed/);
    expect(node.params.safeParse({ cases: ['A', 'B', 'C', 'D', 'E'] }).success).toBe(false);
  });
});
