/** The live market the leg editor prices legs with: an underlying's contract facts and its option chain. */
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
const sideSchema = z.object({ symbol: z.string(), quote: quoteSchema });
export const chainSchema = z.object({
  underlying: z.string(),
  expiry: z.string(),
  spot: z.number(),
  atm: z.number(),
  rows: z.array(z.object({ strike: z.number(), ce: sideSchema, pe: sideSchema })),
});
export type OptionChain = z.output<typeof chainSchema>;

/** Strikes each side of ATM: enough for the widest offset (30) and the engine's premium and delta search (40). */
export const CHAIN_AROUND = 40;

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
    /** The chain of each expiry, read together so the legs of one structure are priced from one spot. */
    chains: build.query<OptionChain[], { underlying: string; expiries: readonly string[] }>({
      async queryFn({ underlying, expiries }, _api, _extra, baseQuery) {
        const chains: OptionChain[] = [];
        for (const expiry of expiries) {
          const path = `/api/market/chain?underlying=${encodeURIComponent(underlying)}&expiry=${encodeURIComponent(expiry)}&around=${CHAIN_AROUND}`;
          const result = await baseQuery({ path, schema: chainSchema });
          if (result.error) return { error: result.error };
          chains.push(result.data as OptionChain);
        }
        return { data: chains };
      },
    }),
  }),
});

export const { useInstrumentQuery, useExpiriesQuery, useChainsQuery } = marketApi;
