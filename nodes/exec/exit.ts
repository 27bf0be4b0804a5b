import { z } from 'zod';
import type { ExitScope } from '../../runtime/context.ts';
import type { Message } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { chaseParam, formatChase, portionParam, toPortion } from '../shared/order-params.ts';

const params = z.object({
  scope: z
    .enum(['leg', 'group', 'deployment'])
    .default('group')
    .describe('What to close: one leg, one position (all legs entered together), or everything this deployment holds'),
  legId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'use a leg id such as straddle.ce')
    .nullable()
    .default(null)
    .describe('For "leg": the leg id, <leg node id>.<leg name> (e.g. straddle.ce); empty = the leg named by the position event that started this run'),
  portion: portionParam,
  orderType: z
    .enum(['MARKET', 'CHASE'])
    .default('MARKET')
    .describe('MARKET exits at once; CHASE exits with a limit that follows the market, then goes to market'),
  chase: chaseParam,
});

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The group (and, for leg scope, the leg) come from vars when a position event or an enter node put them
 * there; otherwise the deployment's latest open group is closed.
 */
function scopeOf(input: Message, p: z.output<typeof params>): ExitScope {
  const groupId = text(input.vars.groupId);
  const group = groupId === undefined ? {} : { groupId };
  const portion = toPortion(p.portion);
  const how = { ...(portion !== undefined && { portion }), ...(p.orderType === 'CHASE' && { orderType: 'CHASE' as const, chase: p.chase }) };
  if (p.scope === 'deployment') return { scope: 'deployment', ...how };
  if (p.scope === 'group') return { scope: 'group', ...group, ...how };
  const legId = p.legId ?? text(input.vars.legId);
  if (legId === undefined) {
    throw new Error('no leg to exit: set the leg id, or start this path from a position event that names a leg');
  }
  return { scope: 'leg', legId, ...group, ...how };
}

export const exitExec = defineNode({
  type: 'exec.exit',
  version: 1,
  category: 'exec',
  title: 'Exit',
  description: 'Closes a leg, a position, or everything this deployment holds, or only part of it (n lots or a percent), at market or by chasing.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'out', kind: 'signal', label: 'Exited' }],
  params,
  summary: (p) =>
    [
      p.scope === 'deployment' ? 'Exit everything' : p.scope === 'group' ? 'Exit position' : `Exit leg ${p.legId ?? 'from the event'}`,
      p.portion !== null &&
        (p.portion.unit === 'lots' ? `${p.portion.value} lot${p.portion.value === 1 ? '' : 's'} of each leg` : `${p.portion.value}% of each leg`),
      p.orderType === 'CHASE' && formatChase(p.chase),
    ]
      .filter(Boolean)
      .join(' · '),
  run: async (ctx, input, p) => {
    const { signal } = input;
    const reason = `${signal.source} ${signal.action}`;
    const result = await ctx.execution.exit({ ...scopeOf(input, p), reason, signal });
    return { out: { ...input, vars: { ...input.vars, orders: result.orders, exitedGroupIds: result.groupIds } } };
  },
});
