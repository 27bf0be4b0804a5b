/** Turns leg specs (what a trader picks) into resolved `Leg`s (what a broker can trade). */
import type { NodeContext } from '../../runtime/context.ts';
import type { Leg, Message, OptionType, Side } from '../../runtime/message.ts';
import { bsValuation, impliedVolatility } from '../../runtime/market/black-scholes.ts';
import { formatFutureSymbol } from '../../runtime/market/option-symbol.ts';
import { istToMs } from '../../runtime/time.ts';
import { expiryParam, toExpiryRule, type ExpiryParam, type StrikeParam } from './params.ts';

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
 * picked from the same price even if the market moves while the node runs. `atmBasis` "futures" measures
 * ATM from the near-month future instead of the index; the delta model still reads the index.
 */
export function resolveLegs(ctx: NodeContext, underlying: string, specs: readonly LegSpec[], atmBasis: AtmBasis = 'spot'): Leg[] {
  const { instruments } = ctx;
  const spec = instruments.get(underlying);
  const spot = ctx.market.spot(underlying);
  const now = ctx.clock.now();
  const atmFrom = atmBasis === 'futures' ? nearFuturePrice(ctx, underlying, now) : spot;
  return specs.map((s) => {
    const expiry = instruments.resolveExpiry(underlying, toExpiryRule(s.expiry), now);
    const strike = pickStrike(ctx, underlying, { atmFrom, spot }, expiry, s.optionType, s.strike);
    // The lot of the contract's own expiry: a revision reaches contracts by expiry, not by trade date.
    const lotSize = instruments.lotSize(underlying, expiry);
    return {
      id: `${ctx.nodeId}.${s.key}`,
      underlying,
      exchange: spec.exchange,
      optionType: s.optionType,
      side: s.side,
      lots: s.lots,
      lotSize,
      qty: s.lots * lotSize,
      strike,
      expiry,
      symbol: instruments.optionSymbol(underlying, expiry, strike, s.optionType),
    };
  });
}

/**
 * A leg expiring in a year whose holiday list the exchange has not published yet may still move (a holiday
 * announced later moves it to the day before): said once per index and expiry, with what to load. Called
 * where legs are entered, not where they are resolved, so that the editor's leg preview needs no calendar.
 */
export function warnIfProvisional(ctx: NodeContext, legs: ReadonlyArray<Pick<Leg, 'underlying' | 'exchange' | 'expiry'>>): void {
  const said = new Set<string>();
  for (const { underlying, exchange, expiry } of legs) {
    const key = `${underlying}|${exchange}|${expiry}`;
    if (said.has(key) || !ctx.calendar.isProvisional(expiry, exchange)) continue;
    said.add(key);
    const year = expiry.slice(0, 4);
    ctx.log.warn(
      `${underlying} expiry ${expiry} is in ${exchange}'s provisional ${year} holiday calendar: the exchange has not published its ${year} list, ` +
        `so a holiday may still move this expiry. Load the list when it is out: legflow calendar load <file> --exchange ${exchange} --year ${year}`,
      { underlying, exchange, expiry },
    );
  }
}

export type AtmBasis = 'spot' | 'futures';

/**
 * The expiry of the future a futures-based ATM is measured from, as a leg node's expiry setting (the leg
 * editor asks the server for its date with the legs' own): the near month's, on its expiry day too.
 */
export const NEAR_FUTURE_EXPIRY: ExpiryParam = expiryParam.parse({ kind: 'current-month' });
const NEAR_FUTURE_RULE = toExpiryRule(NEAR_FUTURE_EXPIRY);

/** The near-month future's last price: what a futures-based ATM is measured from. */
export function nearFuturePrice(ctx: NodeContext, underlying: string, now: number): number {
  const expiry = ctx.instruments.resolveExpiry(underlying, NEAR_FUTURE_RULE, now);
  const symbol = formatFutureSymbol(underlying, expiry);
  const quote = ctx.market.quote(symbol);
  if (!quote) throw new Error(`a futures-based ATM needs the price of ${symbol} (the near-month future), and the market has none; use the spot basis`);
  return quote.ltp;
}

function pickStrike(
  ctx: NodeContext,
  underlying: string,
  price: { atmFrom: number; spot: number },
  expiry: string,
  optionType: OptionType,
  p: StrikeParam,
): number {
  const { atmFrom, spot } = price;
  switch (p.mode) {
    case 'atm':
      return ctx.instruments.strikeByOffset(underlying, atmFrom, optionType, p.offset);
    case 'absolute': {
      const step = ctx.instruments.get(underlying).strikeStep;
      const strike = p.strike ?? Number.NaN;
      if (!(Math.abs(strike / step - Math.round(strike / step)) < 1e-9)) {
        throw new Error(`${underlying} strikes are multiples of ${step}: ${strike} is not listed`);
      }
      return strike;
    }
    case 'delta':
      return searchStrikes(ctx, underlying, atmFrom, expiry, optionType, `with a delta near ${p.delta}`, (strike, ltp) => {
        const delta = deltaOf(ctx, underlying, spot, expiry, optionType, strike, ltp);
        return delta === undefined ? undefined : Math.abs(Math.abs(delta) - p.delta);
      });
    default: {
      // premium: closest; premium-above / -below: only those on that side of the price, the nearest of them.
      const side = p.mode === 'premium-above' ? 1 : p.mode === 'premium-below' ? -1 : 0;
      const what = side === 0 ? `near ₹${p.premium}` : `${side > 0 ? 'at or above' : 'at or below'} ₹${p.premium}`;
      return searchStrikes(ctx, underlying, atmFrom, expiry, optionType, `with a premium ${what}`, (_strike, ltp) =>
        side * (ltp - p.premium) < 0 ? undefined : Math.abs(ltp - p.premium),
      );
    }
  }
}

/**
 * The listed strike within PREMIUM_SEARCH_STEPS of ATM whose quote scores lowest (`score` undefined rules
 * a strike out); on a tie, the one nearer ATM.
 */
function searchStrikes(
  ctx: NodeContext,
  underlying: string,
  spot: number,
  expiry: string,
  optionType: OptionType,
  wanted: string,
  score: (strike: number, ltp: number) => number | undefined,
): number {
  let best: { strike: number; gap: number } | undefined;
  for (let n = 0; n <= PREMIUM_SEARCH_STEPS; n++) {
    for (const offset of n === 0 ? [0] : [n, -n]) {
      const strike = ctx.instruments.strikeByOffset(underlying, spot, optionType, offset);
      const quote = ctx.market.quote(ctx.instruments.optionSymbol(underlying, expiry, strike, optionType));
      if (!quote) continue;
      const gap = score(strike, quote.ltp);
      if (gap !== undefined && (!best || gap < best.gap)) best = { strike, gap };
    }
  }
  if (!best) throw new Error(`no ${underlying} ${expiry} ${optionType} option ${wanted} within ${PREMIUM_SEARCH_STEPS} strikes of ATM`);
  return best.strike;
}

/**
 * Delta implied by a quote: Black-Scholes with the volatility solved from the price, and the market's rate and
 * dividend yield (those of the chain and greeks Legflow shows, so the pick agrees with the delta shown there);
 * undefined if no volatility fits.
 */
function deltaOf(ctx: NodeContext, underlying: string, spot: number, expiry: string, optionType: OptionType, strike: number, ltp: number): number | undefined {
  const years = (istToMs(expiry, '15:30') - ctx.clock.now()) / (365 * 86_400_000);
  if (!(years > 0)) return undefined;
  const input = { optionType, spot, strike, years, ...ctx.market.rates(underlying) };
  try {
    const vol = impliedVolatility(ltp, input);
    return bsValuation({ ...input, vol }).delta;
  } catch {
    return undefined;
  }
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
