import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { setTransform as node } from './set.ts';

describe('transform.set', () => {
  const { ctx } = testContext();

  it('computes fields in order, each seeing the ones before it', async () => {
    const p = node.params.parse({
      fields: {
        lots: { if: [{ '>': [{ var: 'qty' }, 1] }, { var: 'qty' }, 1] },
        units: { '*': [{ var: 'vars.lots' }, 65] },
      },
    });
    const msg = testMessage({ vars: { keep: true } }, { qty: 3 });
    const out = await node.run(ctx, msg, p);
    expect(out?.out).toEqual({ ...msg, vars: { keep: true, lots: 3, units: 195 } });
    expect(msg.vars).toEqual({ keep: true });
    expect(node.summary(p)).toBe('lots = if(qty > 1, qty, 1) · units = vars.lots * 65');
  });

  it('defaults to storing the alert price', async () => {
    const msg = testMessage({}, { price: 26012.4 });
    const out = await node.run(ctx, msg, node.params.parse({}));
    expect(out?.out).toEqual({ ...msg, vars: { signalPrice: 26012.4 } });
  });

  it('refuses reserved names and bad expressions', () => {
    // zod drops a `__proto__` key outright, so it can never reach vars.
    expect(node.params.parse({ fields: JSON.parse('{"__proto__": {"var": "x"}}') }).fields).toEqual({});
    expect(node.params.safeParse({ fields: { constructor: 1 } }).success).toBe(false);
    expect(node.params.safeParse({ fields: { 'a.b': 1 } }).success).toBe(false);
    expect(node.check?.(node.params.parse({ fields: { x: { var: 'prototype' } } }))?.[0]).toMatch(/^x: rule/);
  });
});
