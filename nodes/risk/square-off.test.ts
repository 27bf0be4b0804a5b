import { describe, expect, it } from 'vitest';
import { sent, testContext, testMessage } from '../testing/context.ts';
import { squareOffRisk as node } from './square-off.ts';

describe('risk.square-off', () => {
  it('attaches the square-off time (15:15 by default)', async () => {
    const p = node.params.parse({});
    const out = sent(await node.run(testContext().ctx, testMessage({ risk: { mtmStopLoss: 1 } }), p), 'out');
    expect(out.risk).toEqual({ mtmStopLoss: 1, squareOffAt: '15:15' });
    expect(node.summary(p)).toBe('Square off at 15:15 IST');
  });

  it('refuses times outside market hours and malformed times', () => {
    expect(node.check?.(node.params.parse({ time: '15:29' }))).toEqual([]);
    expect(node.check?.(node.params.parse({ time: '15:45' }))?.[0]).toMatch(/outside market hours/);
    expect(node.check?.(node.params.parse({ time: '09:00' }))?.[0]).toMatch(/outside market hours/);
    expect(node.params.safeParse({ time: '3:15 pm' }).success).toBe(false);
  });
});
