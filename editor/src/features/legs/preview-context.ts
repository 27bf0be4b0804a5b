/**
 * A node context answered from the live option chain, so the leg editor resolves legs by running the leg
 * node's own `run`, exactly as the engine will when the signal arrives (strike by ATM steps, premium, delta,
 * absolute; expiries by rule; ATM from spot or from the near-month future). Only what leg nodes use is
 * there; anything else says so.
 */
import type { ExpiryRule, NodeContext } from '../../../../runtime/context.ts';
import { atmStrike, strikeByOffset } from '../../../../runtime/market/strikes.ts';
import type { Instrument, LiveMarket } from './market-api.ts';

function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw new Error(`${what} is not available when previewing legs`);
    },
  });
}

/** The key an expiry rule is looked up by: the rule as JSON. */
export const ruleKey = (rule: ExpiryRule) => JSON.stringify(rule);

/**
 * `expiries`: the date each expiry rule the node uses picks now (by `ruleKey`, as the server resolved
 * them); `market.chains`: one per such date, all read at the same spot, and `market.future` the near-month
 * future's quote when the node measures ATM from it.
 */
export function previewContext(nodeId: string, instrument: Instrument, expiries: ReadonlyMap<string, string>, market: LiveMarket): NodeContext {
  const { chains } = market;
  const first = chains[0];
  if (!first) throw new Error('no option chain to preview the legs with');
  const quotes = new Map(chains.flatMap((c) => c.rows.flatMap((r) => [[r.ce.symbol, r.ce.quote] as const, [r.pe.symbol, r.pe.quote] as const])));
  if (market.future) quotes.set(market.future.symbol, market.future);
  const symbols = new Map(
    chains.flatMap((c) => c.rows.flatMap((r) => [[`${c.expiry}|${r.strike}|CE`, r.ce.symbol] as const, [`${c.expiry}|${r.strike}|PE`, r.pe.symbol] as const])),
  );
  const now = Math.max(...chains.flatMap((c) => c.rows.map((r) => r.ce.quote.time)));
  const own = (underlying: string) => {
    if (underlying !== instrument.underlying) throw new Error(`the preview holds ${instrument.underlying}, not ${underlying}`);
  };

  return {
    nodeId,
    dryRun: true,
    deployment: { id: 'preview', mode: 'sim' },
    clock: { now: () => now, sleep: () => Promise.reject(new Error('no waiting in a preview')) },
    market: {
      spot: (underlying) => (own(underlying), first.spot),
      quote: (symbol) => quotes.get(symbol),
      rates: (underlying) => (own(underlying), first.rates),
    },
    instruments: {
      get: (underlying) => (own(underlying), instrument),
      // A preview picks among today's listed expiries, whose lot is today's.
      lotSize: (underlying) => (own(underlying), instrument.lotSize),
      resolveExpiry: (underlying, rule) => {
        own(underlying);
        const date = expiries.get(ruleKey(rule));
        if (!date) throw new Error(`the expiry ${rule.kind} was not resolved for the preview`);
        return date;
      },
      // The engine's strike grid, from whichever price the node measures ATM from (spot or the future).
      atmStrike: (underlying, price) => (own(underlying), atmStrike(instrument.strikeStep, price)),
      strikeByOffset: (underlying, price, optionType, offset) => (
        own(underlying),
        strikeByOffset(underlying, instrument.strikeStep, price, optionType, offset)
      ),
      optionSymbol: (underlying, expiry, strike, optionType) => {
        const symbol = symbols.get(`${expiry}|${strike}|${optionType}`);
        if (!symbol) throw new Error(`${underlying} ${strike} ${optionType} (${expiry}) is not among the strikes shown around ATM`);
        return symbol;
      },
    },
    calendar: unavailable('the exchange calendar'),
    execution: unavailable('order placement'),
    functions: unavailable('Python functions'),
    state: unavailable('node state'),
    log: { info: () => {}, warn: () => {} },
  };
}
