import { z } from 'zod';
import type { Leg, LegLevel } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';

const level = (fallback: number, description: string) =>
  z.object({
    type: z.enum(['points', 'pct']).default('pct').describe('"pct" = percent of the entry premium; "points" = premium points from the entry price'),
    value: z.number().positive().max(100_000).default(fallback).describe(description),
  });

const params = z.object({
  stopLoss: level(25, 'Distance from entry at which the leg is stopped out')
    .nullable()
    .default({ type: 'pct', value: 25 })
    .describe('Stop-loss per leg: exits a leg when its premium moves against you this far (up for a sold leg, down for a bought leg); empty = no stop'),
  target: level(50, 'Distance from entry at which the leg books its profit')
    .nullable()
    .default(null)
    .describe('Target per leg: exits a leg when its premium moves in your favour this far; empty = no target'),
  trail: z
    .object({
      type: z.enum(['points', 'pct']).default('points').describe('"points" = premium points; "pct" = percent of the entry premium'),
      every: z.number().positive().max(100_000).default(10).describe('Each time the premium moves this far in your favour …'),
      by: z.number().positive().max(100_000).default(10).describe('… the stop-loss moves this far the same way'),
    })
    .nullable()
    .default(null)
    .describe('Trailing stop-loss: every X in your favour, move the stop by Y (needs a stop-loss); empty = the stop stays put'),
  underlyingStop: z
    .number()
    .positive()
    .max(100_000)
    .nullable()
    .default(null)
    .describe('Also stop a leg out when the index moves this many points against it from its entry (up for a sold call); empty = none'),
  underlyingTarget: z
    .number()
    .positive()
    .max(100_000)
    .nullable()
    .default(null)
    .describe('Also book a leg’s profit when the index moves this many points in its favour from its entry; empty = none'),
  stopToCostOnOtherStop: z
    .boolean()
    .default(false)
    .describe('When another leg of the same entry is stopped out, move this leg’s stop-loss to its entry price (cost)'),
  watchReturnAfterStop: z
    .boolean()
    .default(false)
    .describe(
      'After a leg is stopped out, watch its premium and start a "price returned" position event when it comes back to the entry price (re-entry at cost), until the square-off or the close',
    ),
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
  check: (p) => [
    ...(p.trail && !p.stopLoss ? ['a trailing stop needs a stop-loss to trail'] : []),
    ...(p.trail && p.trail.by > p.trail.every
      ? [`the trail moves the stop ${p.trail.by} for every ${p.trail.every}: more than the price moved, so it would jump past the price`]
      : []),
    ...(p.stopToCostOnOtherStop && !p.stopLoss ? ['"stop to cost" needs a stop-loss to move'] : []),
    ...(p.watchReturnAfterStop && !p.stopLoss ? ['watching for the price to return after a stop needs a stop-loss'] : []),
  ],
  summary: (p) => {
    const stop = p.stopLoss ? `SL ${formatLevel(p.stopLoss)}` : 'No SL';
    const trail = p.trail
      ? ` trail ${formatLevel({ type: p.trail.type, value: p.trail.by })}/${formatLevel({ type: p.trail.type, value: p.trail.every })}`
      : '';
    const toCost = `${p.stopToCostOnOtherStop ? ' · to cost on other SL' : ''}${p.watchReturnAfterStop ? ' · watch for return to entry' : ''}`;
    const index = [
      p.underlyingStop !== null && `index SL ${p.underlyingStop} pts`,
      p.underlyingTarget !== null && `index target ${p.underlyingTarget} pts`,
    ].filter(Boolean);
    const onIndex = index.length ? ` · ${index.join(', ')}` : '';
    return `${stop}${trail} · ${p.target ? `target ${formatLevel(p.target)}` : 'no target'} per leg${toCost}${onIndex}`;
  },
  run: (ctx, input, p) => {
    const legs = input.legs.map((leg) => {
      const warning = unreachable(leg, p);
      if (warning) ctx.log.warn(warning, { nodeId: ctx.nodeId, legId: leg.id });
      const {
        stopLoss: _stop,
        target: _target,
        trail: _trail,
        stopToCostOnOtherStop: _toCost,
        underlyingStop: _us,
        underlyingTarget: _ut,
        watchReturnAfterStop: _watch,
        ...rest
      } = leg;
      return {
        ...rest,
        ...(p.stopLoss && { stopLoss: p.stopLoss }),
        ...(p.target && { target: p.target }),
        ...(p.stopLoss && p.trail && { trail: p.trail }),
        ...(p.stopLoss && p.stopToCostOnOtherStop && { stopToCostOnOtherStop: true }),
        ...(p.stopLoss && p.watchReturnAfterStop && { watchReturnAfterStop: true }),
        ...(p.underlyingStop !== null && { underlyingStop: p.underlyingStop }),
        ...(p.underlyingTarget !== null && { underlyingTarget: p.underlyingTarget }),
      };
    });
    return { out: { ...input, legs } };
  },
});
