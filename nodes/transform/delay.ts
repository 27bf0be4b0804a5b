import { z } from 'zod';
import { defineNode } from '../../runtime/node-contract.ts';

export function formatSeconds(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round((seconds - m * 60) * 10) / 10;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Waits on the context's clock, so a backtest or test on a virtual clock does not really wait. */
export const delayTransform = defineNode({
  type: 'transform.delay',
  version: 1,
  category: 'transform',
  title: 'Delay',
  description: 'Waits a number of seconds before passing the signal on (e.g. let the opening volatility settle).',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'out', kind: 'same', label: 'Out' }],
  params: z.object({
    seconds: z
      .number()
      .min(0)
      .max(3600, 'at most 3600 seconds (1 hour); use a schedule for longer waits')
      .default(5)
      .describe('How long to wait, in seconds (up to 3600)'),
  }),
  summary: (p) => `Wait ${formatSeconds(p.seconds)}`,
  run: async (ctx, input, p) => {
    await ctx.clock.sleep(p.seconds * 1000);
    return { out: input };
  },
});
