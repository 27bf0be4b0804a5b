import { z } from 'zod';
import type { Leg } from '../../runtime/message.ts';
import { defineNode } from '../define-node.ts';

/** BUY legs first, so hedges are in place before the short legs that need their margin benefit. */
export function buyLegsFirst(legs: readonly Leg[]): Leg[] {
  return [...legs.filter((l) => l.side === 'BUY'), ...legs.filter((l) => l.side === 'SELL')];
}

export const enterExec = defineNode({
  type: 'exec.enter',
  version: 1,
  category: 'exec',
  title: 'Enter legs',
  description:
    'Places the legs above it as one position (BUY legs first), with the risk attached along the path. SIM deployments trade on paper.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Entered' }],
  params: z.object({
    orderType: z
      .enum(['MARKET', 'LIMIT'])
      .default('MARKET')
      .describe('MARKET fills at the best available price; LIMIT waits for the price set below'),
    limitOffsetPct: z
      .number()
      .min(0)
      .max(20)
      .default(0)
      .describe('For LIMIT orders: percent from the last price (buy below it, sell above it); 0 = at the last price'),
  }),
  summary: (p) =>
    `${p.orderType}${p.orderType === 'LIMIT' ? ` ±${p.limitOffsetPct}%` : ''} · BUY legs first`,
  run: async (ctx, input, p) => {
    if (input.legs.length === 0) {
      throw new Error('no legs to enter: connect a leg node (Option leg or Strategy preset) before Enter legs');
    }
    const result = await ctx.execution.enter({
      legs: buyLegsFirst(input.legs),
      risk: input.risk,
      orderType: p.orderType,
      limitOffsetPct: p.orderType === 'LIMIT' ? p.limitOffsetPct : 0,
      signal: input.signal,
    });
    const rejected = result.orders.filter((o) => o.status === 'REJECTED');
    if (rejected.length > 0) {
      // The run fails so the trader sees it; legs that did fill stay in the group and are monitored.
      const reasons = rejected.map((o) => `${o.legId} ${o.symbol}: ${o.message ?? 'rejected'}`).join('; ');
      const kept = result.orders.length - rejected.length;
      throw new Error(
        `${rejected.length} of ${result.orders.length} orders were rejected (${reasons})` +
          (kept > 0 ? `; the ${kept} filled leg${kept === 1 ? '' : 's'} stay open in group ${result.groupId}` : ''),
      );
    }
    return { out: { ...input, vars: { ...input.vars, groupId: result.groupId, orders: result.orders } } };
  },
});
