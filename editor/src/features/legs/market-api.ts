/** The live market the leg editor prices legs with: an underlying's contract facts, its option chain and its near-month future. */
import { z } from 'zod';
import { legflowApi } from '../../api/legflow-api.ts';

export const instrumentSchema = z.object({
  underlying: z.string(),
  exchange: z.string(),
  lotSize: z.number(),
  strikeStep: z.number(),
  freezeQty: z.number(),
  tickSize: z.number(),
  expiry: z.object({ weekly: z.boolean(), weekday: z.number() }),
  listed: z.array(z.string()),
});
export type Instrument = z.output<typeof instrumentSchema>;

const expiriesSchema = z.object({ expiries: z.array(z.string()) });

const quoteSchema = z.object({ symbol: z.string(), ltp: z.number(), bid: z.number(), ask: z.number(), time: z.number() });
/** `GET /api/market/quote` gives the time as an ISO string; the engine's quotes carry epoch ms. */
const timedQuoteSchema = quoteSchema.extend({ time: z.iso.datetime().transform((t) => Date.parse(t)) });
export type Quote = z.output<typeof quoteSchema>;
const sideSchema = z.object({ symbol: z.string(), quote: quoteSchema });
export const chainSchema = z.object({
  underlying: z.string(),
  expiry: z.string(),
  spot: z.number(),
  atm: z.number(),
  /** The rate and dividend yield the chain's greeks use: a delta pick values the quotes with them too. */
  rates: z.object({ rate: z.number(), dividendYield: z.number() }),
  rows: z.array(z.object({ strike: z.number(), ce: sideSchema, pe: sideSchema })),
});
export type OptionChain = z.output<typeof chainSchema>;

/** Strikes each side of ATM: enough for the widest offset (30) and the engine's premium and delta search (40). */
export const CHAIN_AROUND = 40;
/**
 * With a futures-based ATM the search starts at the future's ATM, a few strikes above spot's (a month's
 * carry: about 2 NIFTY strikes, 3 BANKNIFTY), so the chain reads this many more on each side.
 */
const FUTURES_ROOM = 10;

/** The market a leg preview reads at once: each expiry's chain, and the near-month future's quote for a futures-based ATM. */
export interface LiveMarket {
  chains: OptionChain[];
  future: Quote | null;
}

const marketApi = legflowApi.injectEndpoints({
  endpoints: (build) => ({
    instrument: build.query<Instrument, string>({
      query: (underlying) => ({ path: `/api/market/instrument?underlying=${encodeURIComponent(underlying)}`, schema: instrumentSchema }),
    }),
    /** The date each expiry setting picks now (the server resolves them as the engine does). */
    expiries: build.query<string[], { underlying: string; expiries: readonly unknown[] }>({
      query: (body) => ({ method: 'POST', path: '/api/market/expiries', schema: expiriesSchema, body }),
      transformResponse: (r: z.output<typeof expiriesSchema>) => r.expiries,
    }),
    /** The chain of each expiry and the future, read together so the legs of one structure are priced from one market. */
    liveMarket: build.query<LiveMarket, { underlying: string; expiries: readonly string[]; future: string | null }>({
      async queryFn({ underlying, expiries, future }, _api, _extra, baseQuery) {
        const around = future === null ? CHAIN_AROUND : CHAIN_AROUND + FUTURES_ROOM;
        const chains: OptionChain[] = [];
        for (const expiry of expiries) {
          const path = `/api/market/chain?underlying=${encodeURIComponent(underlying)}&expiry=${encodeURIComponent(expiry)}&around=${around}`;
          const result = await baseQuery({ path, schema: chainSchema });
          if (result.error) return { error: result.error };
          chains.push(result.data as OptionChain);
        }
        if (future === null) return { data: { chains, future: null } };
        const quote = await baseQuery({ path: `/api/market/quote?symbol=${encodeURIComponent(future)}`, schema: timedQuoteSchema });
        if (quote.error) return { error: quote.error };
        return { data: { chains, future: quote.data as Quote } };
      },
    }),
  }),
});

export const { useInstrumentQuery, useExpiriesQuery, useLiveMarketQuery } = marketApi;
