/** The live market the leg editor prices legs with: an underlying's contract facts, its option chain and its near-month future. */
import type { z } from 'zod';
import { isoTime } from '../../../../contracts/common.ts';
import { expiries as expiriesSchema, instrument as instrumentSchema, optionChain as chainSchema, quote } from '../../../../contracts/market.ts';
import { legflowApi } from '../../api/legflow-api.ts';

export type Instrument = z.output<typeof instrumentSchema>;
export type OptionChain = z.output<typeof chainSchema>;
/** A quote as the engine and the chain give it: its time in epoch ms. */
export type Quote = OptionChain['rows'][number]['ce']['quote'];
/** `GET /api/market/quote` gives the time as an ISO string; read as the chain's quotes are (epoch ms). */
const timedQuoteSchema = quote.extend({ time: isoTime.transform((t) => Date.parse(t)) });

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
