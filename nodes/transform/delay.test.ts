import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { delayTransform as node } from './delay.ts';

describe('transform.delay', () => {
  it('waits on the context clock, then passes the message on', async () => {
    const { ctx, clock } = testContext();
    const start = clock.now();
    const msg = testMessage();
    expect(await node.run(ctx, msg, node.params.parse({ seconds: 90 }))).toEqual({ out: msg });
    expect(clock.now() - start).toBe(90_000);
  });

  it('caps the wait at one hour and summarises it', () => {
    expect(node.params.safeParse({ seconds: 3601 }).success).toBe(false);
    expect(node.summary(node.params.parse({}))).toBe('Wait 5 s');
    expect(node.summary(node.params.parse({ seconds: 150 }))).toBe('Wait 2 min 30 s');
  });
});
