import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { conditionTransform as node } from './condition.ts';

describe('transform.condition', () => {
  const { ctx } = testContext();

  it('routes ENTRY down "true" and anything else down "false" by default', async () => {
    const p = node.params.parse({});
    const entry = testMessage({}, { action: 'ENTRY' });
    const exit = testMessage({}, { action: 'EXIT' });
    expect(await node.run(ctx, entry, p)).toEqual({ true: entry });
    expect(await node.run(ctx, exit, p)).toEqual({ false: exit });
    expect(node.summary(p)).toBe('If action == "ENTRY"');
  });

  it('reads alert data and vars', async () => {
    const p = node.params.parse({
      rule: { and: [{ '>': [{ var: 'price' }, 26000] }, { '==': [{ var: 'strategy' }, 'breakout'] }] },
    });
    const yes = testMessage({}, { price: 26010, data: { strategy: 'breakout' } });
    const no = testMessage({}, { price: 25990, data: { strategy: 'breakout' } });
    expect(await node.run(ctx, yes, p)).toEqual({ true: yes });
    expect(await node.run(ctx, no, p)).toEqual({ false: no });
    expect(node.summary(p)).toBe('If price > 26000 and strategy == "breakout"');
  });

  it('uses JSON Logic truthiness (an empty list is false)', async () => {
    const p = node.params.parse({ rule: { missing: ['symbol'] } });
    const withSymbol = testMessage({}, { symbol: 'NIFTY' });
    expect(await node.run(ctx, withSymbol, p)).toEqual({ false: withSymbol });
  });

  it('refuses hostile rules at validation and fails safely at run time', async () => {
    expect(node.check?.(node.params.parse({ rule: { var: '__proto__.polluted' } }))).toHaveLength(1);
    expect(node.check?.(node.params.parse({ rule: { method: [{ var: 'action' }, 'toString'] } }))).toEqual(['rule: "method" is not a JSON Logic operator']);
    const dynamic = node.params.parse({ rule: { var: { cat: ['__pro', 'to__'] } } });
    expect(node.check?.(dynamic)).toEqual([]);
    await expect(async () => node.run(ctx, testMessage(), dynamic)).rejects.toThrow(/not allowed/);
  });
});
