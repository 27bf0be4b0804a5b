import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { dedupeTransform as node } from './dedupe.ts';

describe('transform.dedupe', () => {
  it('drops a repeated alert within the window and lets it through after', async () => {
    const { ctx, clock } = testContext();
    const p = node.params.parse({});
    const alert = testMessage({}, { dedupeKey: 'ch|id|42|t' });
    expect(await node.run(ctx, alert, p)).toEqual({ out: alert });
    await clock.sleep(59_000);
    expect(await node.run(ctx, alert, p)).toEqual({ dropped: alert });
    const other = testMessage({}, { dedupeKey: 'ch|id|43|t' });
    expect(await node.run(ctx, other, p)).toEqual({ out: other });
    await clock.sleep(1_000); // 60 s after the first: the window has rolled past it
    expect(await node.run(ctx, alert, p)).toEqual({ out: alert });
  });

  it('throttles to N per rolling window by action', async () => {
    const { ctx, clock } = testContext();
    const p = node.params.parse({ key: 'action', maxPerWindow: 2, windowSeconds: 10 });
    const entry = (n: number) => testMessage({}, { action: 'ENTRY', dedupeKey: `k${n}` });
    const routes: string[] = [];
    for (let i = 0; i < 4; i++) {
      routes.push(Object.keys((await node.run(ctx, entry(i), p)) ?? {})[0]!);
      await clock.sleep(4_000);
    }
    // t=0 out, t=4 out, t=8 dropped (2 in the last 10 s), t=12 out (t=0 rolled out; t=4 and t=12 remain).
    expect(routes).toEqual(['out', 'out', 'dropped', 'out']);
    expect(node.summary(p)).toBe('2 per 10 s by action');
  });

  it('keys by action and symbol together', async () => {
    const { ctx } = testContext();
    const p = node.params.parse({ key: 'action+symbol' });
    const nifty = testMessage({}, { action: 'BUY', symbol: 'NIFTY' });
    const bank = testMessage({}, { action: 'BUY', symbol: 'BANKNIFTY' });
    expect(await node.run(ctx, nifty, p)).toEqual({ out: nifty });
    expect(await node.run(ctx, bank, p)).toEqual({ out: bank });
    expect(await node.run(ctx, nifty, p)).toEqual({ dropped: nifty });
  });

  it('keeps only the current window in state', async () => {
    const { ctx, clock } = testContext();
    const p = node.params.parse({});
    for (let i = 0; i < 100; i++) {
      await node.run(ctx, testMessage({}, { dedupeKey: `k${i}` }), p);
      await clock.sleep(10_000);
    }
    expect(ctx.state.get<unknown[]>('hits')).toHaveLength(6);
  });
});
