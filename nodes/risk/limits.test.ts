import { describe, expect, it } from 'vitest';
import { sent, testContext, testMessage } from '../testing/context.ts';
import { limitsRisk as node } from './limits.ts';

describe('risk.limits', () => {
  it('defaults to 9 orders a second, below the exchange threshold of 10', async () => {
    const p = node.params.parse({});
    const out = sent(await node.run(testContext().ctx, testMessage({ risk: { mtmTarget: 100 } }), p), 'out');
    expect(out.risk).toEqual({ mtmTarget: 100, limits: { maxOrdersPerSecond: 9 } });
    expect(node.summary(p)).toBe('≤ 9 orders/s');
    expect(node.params.safeParse({ maxOrdersPerSecond: 11 }).success).toBe(false);
  });

  it('sets lot caps and replaces earlier limits', async () => {
    const p = node.params.parse({ maxLotsPerOrder: 10, maxOpenLots: 40, maxOrdersPerSecond: 5 });
    const msg = testMessage({ risk: { limits: { maxOpenLots: 5, maxOrdersPerSecond: 2 } } });
    const out = sent(await node.run(testContext().ctx, msg, p), 'out');
    expect(out.risk.limits).toEqual({ maxLotsPerOrder: 10, maxOpenLots: 40, maxOrdersPerSecond: 5 });
    expect(node.summary(p)).toBe('≤ 5 orders/s · ≤ 10 lots per order · ≤ 40 open lots');
  });

  it('sets a daily loss kill switch in rupees', async () => {
    const p = node.params.parse({ maxDailyLoss: 5000 });
    const out = sent(await node.run(testContext().ctx, testMessage(), p), 'out');
    expect(out.risk.limits).toEqual({ maxOrdersPerSecond: 9, maxDailyLoss: 5000 });
    expect(node.summary(p)).toBe('≤ 9 orders/s · kill at −₹5,000 a day');
    expect(node.params.safeParse({ maxDailyLoss: 0 }).success).toBe(false);
  });
});
