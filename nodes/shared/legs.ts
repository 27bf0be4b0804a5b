/** Turns leg specs (what a trader picks) into resolved `Leg`s (what a broker can trade). */
import type { NodeContext } from '../../runtime/context.ts';
import type { Leg, Message, OptionType, Side } from '../../runtime/message.ts';
import { toExpiryRule, type ExpiryParam, type StrikeParam } from './params.ts';

export interface LegSpec {
  /** The part after `<nodeId>.` in the leg id: a name or a position. */
  key: string;
  optionType: OptionType;
  side: Side;
  lots: number;
  strike: StrikeParam;
  expiry: ExpiryParam;
}

/** How far from ATM a premium search looks, in strikes, on each side. */
const PREMIUM_SEARCH_STEPS = 40;

/**
 * Resolves every spec against one spot reading, so the legs of a structure (a strangle's two strikes) are
 * picked from the same price even if the market moves while the node runs.
 */
export function resolveLegs(ctx: NodeContext, underlying: string, specs: readonly LegSpec[]): Leg[] {
  const { instruments } = ctx;
  const spec = instruments.get(underlying);
  const spot = ctx.market.spot(underlying);
  const now = ctx.clock.now();
  return specs.map((s) => {
    const expiry = instruments.resolveExpiry(underlying, toExpiryRule(s.expiry), now);
    const strike =
      s.strike.mode === 'premium'
        ? strikeByPremium(ctx, underlying, spot, expiry, s.optionType, s.strike.premium)
        : instruments.strikeByOffset(underlying, spot, s.optionType, s.strike.offset);
    return {
      id: `${ctx.nodeId}.${s.key}`,
      underlying,
      exchange: spec.exchange,
      optionType: s.optionType,
      side: s.side,
      lots: s.lots,
      lotSize: spec.lotSize,
      qty: s.lots * spec.lotSize,
      strike,
      expiry,
      symbol: instruments.optionSymbol(underlying, expiry, strike, s.optionType),
    };
  });
}

/** The listed strike whose last price is closest to `premium`; on a tie, the one nearer ATM. */
function strikeByPremium(
  ctx: NodeContext,
  underlying: string,
  spot: number,
  expiry: string,
  optionType: OptionType,
  premium: number,
): number {
  let best: { strike: number; gap: number } | undefined;
  for (let n = 0; n <= PREMIUM_SEARCH_STEPS; n++) {
    for (const offset of n === 0 ? [0] : [n, -n]) {
      const strike = ctx.instruments.strikeByOffset(underlying, spot, optionType, offset);
      const quote = ctx.market.quote(ctx.instruments.optionSymbol(underlying, expiry, strike, optionType));
      if (!quote) continue;
      const gap = Math.abs(quote.ltp - premium);
      if (!best || gap < best.gap) best = { strike, gap };
    }
  }
  if (!best) {
    throw new Error(`no quotes for ${underlying} ${expiry} ${optionType} options: cannot pick a strike by premium`);
  }
  return best.strike;
}

/** Leg-config nodes append, so two leg nodes in a row build one multi-leg message. */
export function appendLegs(msg: Message, legs: readonly Leg[]): Message {
  const ids = new Set(msg.legs.map((l) => l.id));
  const clash = legs.find((l) => ids.has(l.id));
  if (clash) throw new Error(`leg ${clash.id} is already in the message: the same leg node ran twice on one path`);
  return { ...msg, legs: [...msg.legs, ...legs] };
}

export function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
