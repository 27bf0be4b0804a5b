import { z } from 'zod';
import type { Leg } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { warnIfProvisional } from '../shared/legs.ts';
import { chaseParam, formatChase } from '../shared/order-params.ts';

/** BUY legs first, so hedges are in place before the short legs that need their margin benefit. */
export function buyLegsFirst(legs: readonly Leg[]): Leg[] {
  return [...legs.filter((l) => l.side === 'BUY'), ...legs.filter((l) => l.side === 'SELL')];
}

/**
 * The exchange refuses an order above the contract's freeze quantity, so a bigger leg is placed as several
 * legs of at most the freeze (in whole lots): the first keeps its id, the others are `<id>#2`, `<id>#3` ….
 * Each is its own order with the same stop, target and trail; exiting the leg by id exits its slices too.
 * Example: NIFTY 40 lots (2,600) with freeze 1,800 → 27 lots (1,755) + 13 lots (845).
 */
export function sliceAtFreeze(legs: readonly Leg[], freezeQtyOf: (underlying: string) => number): Leg[] {
  return legs.flatMap((leg) => {
    const maxLots = Math.max(1, Math.floor(freezeQtyOf(leg.underlying) / leg.lotSize));
    if (leg.lots <= maxLots) return [leg];
    const slices: Leg[] = [];
    for (let done = 0, n = 1; done < leg.lots; n++) {
      const lots = Math.min(maxLots, leg.lots - done);
      slices.push({ ...leg, id: n === 1 ? leg.id : `${leg.id}#${n}`, lots, qty: lots * leg.lotSize });
      done += lots;
    }
    return slices;
  });
}

export const enterExec = defineNode({
  type: 'exec.enter',
  version: 1,
  category: 'exec',
  title: 'Enter legs',
  description:
    'Places the legs above it as one position (BUY legs first), with the risk attached along the path; a leg above the exchange freeze quantity goes out as several orders. SIM deployments trade on paper.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Entered' }],
  params: z.object({
    orderType: z
      .enum(['MARKET', 'LIMIT', 'CHASE'])
      .default('MARKET')
      .describe('MARKET fills at the best available price; LIMIT waits for the price set below; CHASE follows the market with a limit, then goes to market'),
    limitOffsetPct: z
      .number()
      .min(0)
      .max(20)
      .default(0)
      .describe('For LIMIT orders: percent from the last price (buy below it, sell above it); 0 = at the last price'),
    chase: chaseParam,
    group: z
      .enum(['new', 'add-to-open'])
      .default('new')
      .describe('"new" = the legs make a new position; "add-to-open" = they join the open position (see the name), whose combined risk then covers them'),
    groupName: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'use up to 40 letters, digits, ".", "_", ":" or "-"')
      .nullable()
      .default(null)
      .describe('Name of the position: a new one takes it; "add-to-open" joins the latest open one with it (empty = the latest open position)'),
    whenClosed: z
      .enum(['reject', 'queue'])
      .default('reject')
      .describe(
        'When the exchange is closed (weekend, holiday, before 09:15 or after 15:30 IST): "reject" refuses the entry and says when it opens; "queue" sends the orders at the open, to fill at the first prices of the session',
      ),
  }),
  summary: (p) =>
    [
      p.orderType === 'LIMIT' ? `LIMIT ±${p.limitOffsetPct}%` : p.orderType === 'CHASE' ? formatChase(p.chase) : p.orderType,
      p.group === 'add-to-open' ? `add to ${p.groupName ?? 'the open position'}` : p.groupName !== null && `as ${p.groupName}`,
      p.whenClosed === 'queue' && 'queued for the open when closed',
      'BUY legs first',
    ]
      .filter(Boolean)
      .join(' · '),
  run: async (ctx, input, p) => {
    if (input.legs.length === 0) {
      throw new Error('no legs to enter: connect a leg node (Option leg or Strategy preset) before Enter legs');
    }
    warnIfProvisional(ctx, input.legs);
    const result = await ctx.execution.enter({
      legs: buyLegsFirst(sliceAtFreeze(input.legs, (u) => ctx.instruments.get(u).freezeQty)),
      risk: input.risk,
      orderType: p.orderType,
      limitOffsetPct: p.orderType === 'LIMIT' ? p.limitOffsetPct : 0,
      ...(p.orderType === 'CHASE' && { chase: p.chase }),
      ...((p.group === 'add-to-open' || p.groupName !== null) && { group: { mode: p.group, ...(p.groupName !== null && { tag: p.groupName }) } }),
      ...(p.whenClosed === 'queue' && { whenClosed: p.whenClosed }),
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
