import { z } from 'zod';
import type { Leg, LegLevel } from '../../runtime/message.ts';
import { defineNode } from '../define-node.ts';

const level = (fallback: number, description: string) =>
  z.object({
    type: z
      .enum(['points', 'pct'])
      .default('pct')
      .describe('"pct" = percent of the entry premium; "points" = premium points from the entry price'),
    value: z.number().positive().max(100_000).default(fallback).describe(description),
  });

const params = z.object({
  stopLoss: level(25, 'Distance from entry at which the leg is stopped out')
    .nullable()
    .default({ type: 'pct', value: 25 })
    .describe(
      'Stop-loss per leg: exits a leg when its premium moves against you this far (up for a sold leg, down for a bought leg); empty = no stop',
    ),
  target: level(50, 'Distance from entry at which the leg books its profit')
    .nullable()
    .default(null)
    .describe('Target per leg: exits a leg when its premium moves in your favour this far; empty = no target'),
});

export function formatLevel(l: LegLevel): string {
  return l.type === 'pct' ? `${l.value}%` : `${l.value} pts`;
}

/** A favourable move of 100 % or more would take the premium to zero or below: it can never happen. */
function unreachable(leg: Leg, p: z.output<typeof params>): string | undefined {
  const favourable = leg.side === 'SELL' ? p.target : p.stopLoss;
  if (favourable?.type === 'pct' && favourable.value >= 100) {
    const what = leg.side === 'SELL' ? 'target' : 'stop-loss';
    return `${what} of ${favourable.value}% on ${leg.side} leg ${leg.id} can never be hit (a premium cannot fall below zero)`;
  }
  return undefined;
}

/**
 * Sets the stop-loss and target of every leg in the message. It states the whole per-leg policy: a leg's
 * earlier stop or target (from a previous risk.leg node) is replaced, and an empty field here removes it.
 */
export const legRisk = defineNode({
  type: 'risk.leg',
  version: 1,
  category: 'risk',
  title: 'Leg stop-loss / target',
  description: 'Per-leg stop-loss and target, in percent of the entry premium or in points, for every leg above it.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Legs' }],
  params,
  summary: (p) => {
    const stop = p.stopLoss ? `SL ${formatLevel(p.stopLoss)}` : 'No SL';
    return `${stop} · ${p.target ? `target ${formatLevel(p.target)}` : 'no target'} per leg`;
  },
  run: (ctx, input, p) => {
    const legs = input.legs.map((leg) => {
      const warning = unreachable(leg, p);
      if (warning) ctx.log.warn(warning, { nodeId: ctx.nodeId, legId: leg.id });
      const { stopLoss: _stop, target: _target, ...rest } = leg;
      return { ...rest, ...(p.stopLoss && { stopLoss: p.stopLoss }), ...(p.target && { target: p.target }) };
    });
    return { out: { ...input, legs } };
  },
});
