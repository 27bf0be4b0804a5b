/**
 * What a Python function node sends to its function and makes of the answer. The answer comes from a
 * process outside the engine, so it is parsed here like any other input: vars by the same name rule as
 * `transform.set`, legs rebuilt from the instrument file so that a symbol, lot size or quantity the
 * function got wrong never reaches the broker.
 */
import { z } from 'zod';
import type { NodeContext } from '../../runtime/context.ts';
import type { Leg, Message } from '../../runtime/message.ts';
import { jsonValue, varName } from './params.ts';

/** The message as the function receives it, with where it runs. */
export function functionPayload(ctx: NodeContext, msg: Message): Record<string, unknown> {
  return { signal: msg.signal, vars: msg.vars, legs: msg.legs, deployment: ctx.deployment, nodeId: ctx.nodeId };
}

const level = z.object({ type: z.enum(['points', 'pct']), value: z.number().positive() });

/** A leg as a function may return it: what picks the contract; the rest is derived. Extra fields are ignored. */
const legAnswer = z.object({
  id: z.string().min(1).max(100),
  underlying: z.string().min(1).max(20),
  optionType: z.enum(['CE', 'PE']),
  side: z.enum(['BUY', 'SELL']),
  lots: z.number().int().min(1).max(10_000),
  strike: z.number().positive(),
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
  stopLoss: level.nullish(),
  target: level.nullish(),
  trail: z.object({ type: z.enum(['points', 'pct']), every: z.number().positive(), by: z.number().positive() }).nullish(),
  stopToCostOnOtherStop: z.boolean().nullish(),
});

/** Vars to set and, when given, the legs that replace the message's. (`null` stops the path.) */
const answer = z.strictObject({
  vars: z.record(varName, jsonValue).optional(),
  legs: z.array(legAnswer).max(50).optional(),
});

/** The message after the function's answer, or undefined when it stopped the path. Throws for a bad answer. */
export function applyAnswer(ctx: NodeContext, msg: Message, raw: unknown): Message | undefined {
  if (raw === null) return undefined;
  const parsed = answer.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`).join('; ');
    throw new Error(`returned an answer Legflow cannot use (${problems}); return None, or fields to set and optionally "legs"`);
  }
  const { vars, legs } = parsed.data;
  return {
    ...msg,
    vars: vars ? { ...msg.vars, ...vars } : msg.vars,
    legs: legs ? resolveAnswerLegs(ctx, legs) : msg.legs,
  };
}

function resolveAnswerLegs(ctx: NodeContext, legs: ReadonlyArray<z.output<typeof legAnswer>>): Leg[] {
  const ids = new Set<string>();
  return legs.map((l) => {
    if (ids.has(l.id)) throw new Error(`returned leg id ${l.id} twice; each leg needs its own id`);
    ids.add(l.id);
    const spec = ctx.instruments.get(l.underlying);
    const steps = l.strike / spec.strikeStep;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) {
      throw new Error(`returned leg ${l.id} at strike ${l.strike}, which is not a ${l.underlying} strike (every ${spec.strikeStep})`);
    }
    const leg: Leg = {
      id: l.id,
      underlying: l.underlying,
      exchange: spec.exchange,
      optionType: l.optionType,
      side: l.side,
      lots: l.lots,
      lotSize: spec.lotSize,
      qty: l.lots * spec.lotSize,
      strike: l.strike,
      expiry: l.expiry,
      symbol: ctx.instruments.optionSymbol(l.underlying, l.expiry, l.strike, l.optionType),
    };
    if (l.stopLoss) leg.stopLoss = l.stopLoss;
    if (l.target) leg.target = l.target;
    if (l.trail) leg.trail = l.trail;
    if (l.stopToCostOnOtherStop) leg.stopToCostOnOtherStop = true;
    return leg;
  });
}
