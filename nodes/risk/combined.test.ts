import { describe, expect, it } from 'vitest';
import { sent, testContext, testLeg, testMessage } from '../test-context.ts';
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
    expect(node.check?.(node.params.parse({}))).toEqual(['set a combined stop-loss, a combined target, or both']);
    expect(node.params.safeParse({ mtmStopLoss: 0 }).success).toBe(false);
    expect(node.params.safeParse({ mtmTarget: -100 }).success).toBe(false);
  });
});
