import { describe, expect, it } from 'vitest';
import { sent, testContext, testLeg, testMessage } from '../testing/context.ts';
import { combinedRisk as node } from './combined.ts';

describe('risk.combined', () => {
  it('attaches the MTM stop and target to the message risk, keeping other policy', async () => {
    const p = node.params.parse({ mtmStopLoss: 5000, mtmTarget: 3000 });
    const msg = testMessage({ legs: [testLeg()], risk: { squareOffAt: '15:15' } });
    const out = sent(await node.run(testContext().ctx, msg, p), 'out');
    expect(out.risk).toEqual({ squareOffAt: '15:15', mtmStopLoss: 5000, mtmTarget: 3000 });
    expect(out.legs).toBe(msg.legs);
    expect(node.summary(p)).toBe('MTM SL ₹5,000 · target ₹3,000');
  });

  it('an empty field removes an earlier value', async () => {
    const p = node.params.parse({ mtmTarget: 2500 });
    const msg = testMessage({ risk: { mtmStopLoss: 4000, mtmTarget: 1000 } });
    expect(sent(await node.run(testContext().ctx, msg, p), 'out').risk).toEqual({ mtmTarget: 2500 });
  });

  it('asks for at least one amount and refuses non-positive ones', () => {
    expect(node.check?.(node.params.parse({}))).toEqual(['set a combined stop-loss, a combined target or a profit lock']);
    expect(node.params.safeParse({ mtmStopLoss: 0 }).success).toBe(false);
    expect(node.params.safeParse({ mtmTarget: -100 }).success).toBe(false);
  });

  it('attaches a trailing stop and a trailing profit lock, and states them in the summary', async () => {
    const p = node.params.parse({
      mtmStopLoss: 3000,
      mtmTrail: { every: 1000, by: 500 },
      profitLock: { reach: 2000, lock: 1000, trailEvery: 500, trailBy: 250 },
    });
    const out = sent(await node.run(testContext().ctx, testMessage({ legs: [testLeg()] }), p), 'out');
    expect(out.risk).toEqual({ mtmStopLoss: 3000, mtmTrail: { every: 1000, by: 500 }, profitLock: { reach: 2000, lock: 1000, trailEvery: 500, trailBy: 250 } });
    expect(node.summary(p)).toBe('MTM SL ₹3,000 (trail ₹500/₹1,000) · target — · lock ₹1,000 at ₹2,000');
  });

  it('refuses a trail without a stop, a lock at or above its trigger, and half a lock trail', () => {
    expect(node.check?.(node.params.parse({ mtmTarget: 1000, mtmTrail: { every: 100, by: 50 } }))).toEqual([
      'a trailing combined stop needs a combined stop-loss to trail',
    ]);
    expect(node.check?.(node.params.parse({ profitLock: { reach: 1000, lock: 1000 } }))).toEqual([
      'the locked profit (₹1000) must be below the profit that locks it (₹1000)',
    ]);
    expect(node.check?.(node.params.parse({ profitLock: { reach: 1000, lock: 500, trailEvery: 100 } }))).toEqual([
      'a trailing profit lock needs both "every" and "by"',
    ]);
  });
});
