/** Answers of the market routes: quotes, instruments, the option chain, the holiday calendar and the SIM clock. */
import { z } from 'zod';
import { isoTime, rupees } from './common.ts';

export const quote = z.strictObject({ symbol: z.string(), ltp: rupees, bid: rupees, ask: rupees, time: isoTime });

export const instrument = z.looseObject({
  underlying: z.string(),
  exchange: z.string(),
  lotSize: z.number().int(),
  strikeStep: z.number(),
  freezeQty: z.number().int(),
  tickSize: rupees,
  expiry: z.strictObject({ weekly: z.boolean(), weekday: z.number().int().describe('The weekly expiry’s weekday, 0 = Sunday') }),
  listed: z.array(z.string()).describe('Listed expiry dates, YYYY-MM-DD'),
});
export const expiries = z.strictObject({ expiries: z.array(z.string()) });

const chainQuote = z.strictObject({ symbol: z.string(), ltp: rupees, bid: rupees, ask: rupees, time: z.number() });
const chainSide = z.strictObject({
  symbol: z.string(),
  quote: chainQuote,
  greeks: z.strictObject({
    price: z.number(),
    delta: z.number(),
    gamma: z.number(),
    theta: z.number(),
    vega: z.number(),
    rho: z.number(),
    iv: z.number(),
    years: z.number(),
  }),
});
export const optionChain = z.strictObject({
  underlying: z.string(),
  expiry: z.string(),
  spot: z.number(),
  atm: z.number(),
  rates: z.strictObject({ rate: z.number(), dividendYield: z.number() }),
  rows: z.array(z.strictObject({ strike: z.number(), ce: chainSide, pe: chainSide })),
});

export const calendar = z.strictObject({
  exchanges: z.array(
    z.looseObject({
      exchange: z.string(),
      from: z.string(),
      through: z.string(),
      years: z.array(z.looseObject({ year: z.number().int() })),
      provisionalYears: z.array(z.number().int()),
      holidays: z.array(z.looseObject({ date: z.string() })),
    }),
  ),
  warnings: z.array(z.string()),
});

export const marketClock = z.strictObject({
  now: isoTime,
  mode: z.enum(['real', 'replay', 'virtual']),
  speed: z.number(),
  replayFrom: isoTime.nullable(),
  exchanges: z.record(z.string(), z.strictObject({ open: z.boolean(), nextOpen: isoTime.nullable() })),
});
