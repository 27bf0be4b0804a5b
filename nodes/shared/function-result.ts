/**
 * What a Python function node sends to its function and makes of the answer. The answer comes from a
 * process outside the engine, so it is parsed here like any other input: vars by the same name rule as
 * `transform.set`, legs rebuilt from the instrument file so that a symbol, lot size or quantity the
 * function got wrong never reaches the broker.
 */
import { z } from 'zod';
import type { NodeContext } from '../../runtime/context.ts';
import { formatFutureSymbol } from '../../runtime/market/option-symbol.ts';
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
  optionType: z.enum(['CE', 'PE', 'FUT']),
  side: z.enum(['BUY', 'SELL']),
  lots: z.number().int().min(1).max(10_000),
  /** A future's is ignored (a future has none; Legflow's legs carry 0). */
  strike: z.number().nonnegative(),
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
    const contract = l.optionType === 'FUT' ? futureContract(ctx, l) : optionContract(ctx, l, l.optionType, spec.strikeStep);
    const lotSize = ctx.instruments.lotSize(l.underlying, l.expiry);
    const leg: Leg = {
      id: l.id,
      underlying: l.underlying,
      exchange: spec.exchange,
      optionType: l.optionType,
      side: l.side,
      lots: l.lots,
      lotSize,
      qty: l.lots * lotSize,
      expiry: l.expiry,
      ...contract,
    };
    if (l.stopLoss) leg.stopLoss = l.stopLoss;
    if (l.target) leg.target = l.target;
    if (l.trail) leg.trail = l.trail;
    if (l.stopToCostOnOtherStop) leg.stopToCostOnOtherStop = true;
    return leg;
  });
}

type LegAnswer = z.output<typeof legAnswer>;

function optionContract(ctx: NodeContext, l: LegAnswer, optionType: 'CE' | 'PE', step: number): Pick<Leg, 'strike' | 'symbol'> {
  const steps = l.strike / step;
  if (l.strike <= 0 || Math.abs(steps - Math.round(steps)) > 1e-9) {
    throw new Error(`returned leg ${l.id} at strike ${l.strike}, which is not a ${l.underlying} strike (every ${step})`);
  }
  return { strike: l.strike, symbol: ctx.instruments.optionSymbol(l.underlying, l.expiry, l.strike, optionType) };
}

/** This month's or next month's future: the ones a futures leg node trades. */
function futureContract(ctx: NodeContext, l: LegAnswer): Pick<Leg, 'strike' | 'symbol'> {
  const now = ctx.clock.now();
  const listed = (['current-month', 'next-month'] as const).map((kind) => ctx.instruments.resolveExpiry(l.underlying, { kind }, now));
  if (!listed.includes(l.expiry)) {
    throw new Error(`returned future ${l.id} expiring ${l.expiry}; ${l.underlying} futures here expire ${listed.join(' or ')}`);
  }
  return { strike: 0, symbol: formatFutureSymbol(l.underlying, l.expiry) };
}
