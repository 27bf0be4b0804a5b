import { describe, expect, it } from 'vitest';
import { sent, testContext, testLeg, testMessage } from '../testing/context.ts';
import { legRisk as node } from './leg.ts';

describe('risk.leg', () => {
  const ce = testLeg({ id: 's.ce' });
  const pe = testLeg({ id: 's.pe', optionType: 'PE', symbol: 'NIFTY06JAN2626000PE' });

  it('puts a 25 % stop-loss on every leg by default', async () => {
    const p = node.params.parse({});
    const msg = testMessage({ legs: [ce, pe] });
    const out = sent(await node.run(testContext().ctx, msg, p), 'out');
    expect(out.legs).toEqual([
      { ...ce, stopLoss: { type: 'pct', value: 25 } },
      { ...pe, stopLoss: { type: 'pct', value: 25 } },
    ]);
    expect(msg.legs[0]).not.toHaveProperty('stopLoss');
    expect(node.summary(p)).toBe('SL 25% · no target per leg');
  });

  it('marks legs to be watched for a return to the entry after a stop, which needs a stop-loss', async () => {
    const p = node.params.parse({ watchReturnAfterStop: true });
    const out = sent(await node.run(testContext().ctx, testMessage({ legs: [ce] }), p), 'out');
    expect(out.legs).toEqual([{ ...ce, stopLoss: { type: 'pct', value: 25 }, watchReturnAfterStop: true }]);
    expect(node.summary(p)).toBe('SL 25% · no target per leg · watch for return to entry');
    expect(node.check?.(node.params.parse({ watchReturnAfterStop: true, stopLoss: null }))).toEqual([
      'watching for the price to return after a stop needs a stop-loss',
    ]);
  });

  it("replaces a leg's earlier stop and target; an empty field removes it", async () => {
    const earlier = { ...ce, stopLoss: { type: 'pct' as const, value: 50 }, target: { type: 'points' as const, value: 40 } };
    const p = node.params.parse({ stopLoss: { type: 'points', value: 30 }, target: null });
    const out = sent(await node.run(testContext().ctx, testMessage({ legs: [earlier] }), p), 'out');
    expect(out.legs).toEqual([{ ...ce, stopLoss: { type: 'points', value: 30 } }]);
    expect(node.summary(p)).toBe('SL 30 pts · no target per leg');
  });

  it('warns when a percent level can never be hit', async () => {
    const { ctx, logs } = testContext();
    const p = node.params.parse({ target: { type: 'pct', value: 100 } });
    await node.run(ctx, testMessage({ legs: [ce, testLeg({ id: 'b', side: 'BUY' })] }), p);
    expect(logs.map((l) => l.message)).toEqual(['target of 100% on SELL leg s.ce can never be hit (a premium cannot fall below zero)']);
  });

  it('adds a trailing stop and stop-to-cost to every leg, and says so in its summary', async () => {
    const p = node.params.parse({ trail: { every: 10, by: 5 }, stopToCostOnOtherStop: true });
    const out = sent(await node.run(testContext().ctx, testMessage({ legs: [ce] }), p), 'out');
    expect(out.legs).toEqual([{ ...ce, stopLoss: { type: 'pct', value: 25 }, trail: { type: 'points', every: 10, by: 5 }, stopToCostOnOtherStop: true }]);
    expect(node.summary(p)).toBe('SL 25% trail 5 pts/10 pts · no target per leg · to cost on other SL');
  });

  it('refuses a trail without a stop, or one that moves the stop further than the price moved', () => {
    expect(node.check!(node.params.parse({ stopLoss: null, trail: {} }))).toEqual(['a trailing stop needs a stop-loss to trail']);
    expect(node.check!(node.params.parse({ trail: { every: 5, by: 10 } }))).toEqual([
      'the trail moves the stop 10 for every 5: more than the price moved, so it would jump past the price',
    ]);
  });

  it('adds stops and targets on the index, in points from each leg’s entry', async () => {
    const p = node.params.parse({ stopLoss: null, underlyingStop: 100, underlyingTarget: 150 });
    const out = sent(await node.run(testContext().ctx, testMessage({ legs: [ce] }), p), 'out');
    expect(out.legs).toEqual([{ ...ce, underlyingStop: 100, underlyingTarget: 150 }]);
    expect(node.summary(p)).toBe('No SL · no target per leg · index SL 100 pts, index target 150 pts');
  });
});
