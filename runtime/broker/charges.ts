import { z } from 'zod';
import bundledCharges from '../data/charges.json' with { type: 'json' };
import { LegflowError } from '../errors.ts';
import { isIsoDate, loadDataFile, parseDataFile } from '../market/data-file.ts';
import type { Side } from '../message.ts';
import { toPaise, type Paise } from '../money.ts';

/**
 * What an executed options order costs beyond its premium, as rates. Percentages are of the order's
 * premium turnover (qty × price). One fixed set of rates, for a caller that passes its own; the SIM charges
 * each trade at the rates of its date and exchange from a ChargeSchedule (runtime/data/charges.json).
 */
export interface ChargeRates {
  /** Flat brokerage per executed order, rupees. */
  brokeragePerOrder: number;
  /** Securities transaction tax on the sell side, percent of premium. */
  sttSellPct: number;
  /** Exchange transaction charges, percent of premium. */
  exchangePct: number;
  /** SEBI turnover fees, rupees per crore of premium. */
  sebiPerCrore: number;
  /** Stamp duty on the buy side, percent of premium. */
  stampBuyPct: number;
  /** Stamp duty on the sell side, percent of premium: only before 1 Jul 2020, when it was a state levy on both sides. Absent: none. */
  stampSellPct?: number;
  /** GST, percent of brokerage + exchange charges + SEBI fees. */
  gstPct: number;
  /**
   * Index futures orders: the rates that differ from the options' (percent of the contract value, qty ×
   * price, which is the futures turnover). Absent: futures pay the options' rates.
   */
  futures?: Readonly<Pick<ChargeRates, 'sttSellPct' | 'exchangePct' | 'stampBuyPct' | 'stampSellPct'>>;
  /**
   * STT on a long option settled in the money at expiry (exercised), percent of its intrinsic value; the
   * holder pays it. Absent: settlement costs nothing.
   */
  sttExercisedPct?: number;
}

export interface Charges {
  brokerage: Paise;
  stt: Paise;
  exchange: Paise;
  sebi: Paise;
  stamp: Paise;
  gst: Paise;
  total: Paise;
}

export type Instrument = 'option' | 'future';

/**
 * The charges of one executed order, each part rounded to the paisa, GST on the rounded parts.
 * Example: SELL 65 at 120.05 (turnover ₹7,803.25): brokerage 20.00, STT 7.80, exchange 2.73, SEBI 0.01,
 * stamp 0, GST 18 % × 22.74 = 4.09; total ₹34.63. A future is charged on its contract value at `futures` rates.
 */
export function orderCharges(rates: ChargeRates, side: Side, qty: number, pricePaise: Paise, instrument: Instrument = 'option'): Charges {
  if (instrument === 'future' && rates.futures) rates = { ...rates, ...rates.futures };
  const turnover = qty * pricePaise;
  const pct = (p: number) => Math.round((turnover * p) / 100);
  const brokerage = toPaise(rates.brokeragePerOrder);
  const stt = side === 'SELL' ? pct(rates.sttSellPct) : 0;
  const exchange = pct(rates.exchangePct);
  const sebi = Math.round((turnover * rates.sebiPerCrore) / 1e7);
  const stamp = pct(side === 'BUY' ? rates.stampBuyPct : (rates.stampSellPct ?? 0));
  const gst = Math.round(((brokerage + exchange + sebi) * rates.gstPct) / 100);
  return { brokerage, stt, exchange, sebi, stamp, gst, total: brokerage + stt + exchange + sebi + stamp + gst };
}

/**
 * The charges of a position cash-settled at expiry at `valuePaise` a unit (an option's intrinsic value, a
 * future's settlement price). Only a long option settled in the money pays: STT on exercise, a percent of
 * qty × intrinsic value. No brokerage (nothing was ordered), no exchange charges, SEBI fee or stamp duty.
 * `closingSide` is the side the settlement takes: SELL closes a long position.
 * Example: long 65 NIFTY 26,000 CE settled at 26,180 (intrinsic 180): 0.15 % × 11,700 = ₹17.55.
 */
export function settlementCharges(rates: ChargeRates, closingSide: Side, qty: number, valuePaise: Paise, instrument: Instrument): Charges {
  const pct = rates.sttExercisedPct ?? 0;
  const stt = instrument === 'option' && closingSide === 'SELL' ? Math.round((qty * valuePaise * pct) / 100) : 0;
  return { brokerage: 0, stt, exchange: 0, sebi: 0, stamp: 0, gst: 0, total: stt };
}

export type ChargesErrorCode = 'NO_CHARGE_RATES';

/** A trade the charges file has no rates for (a date before it starts, or an exchange it does not list). */
export class ChargesError extends LegflowError<ChargesErrorCode> {
  override readonly name = 'ChargesError';
}

const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const pct = z.number().min(0).max(100);
const period = z.object({ from: date, source: z.string().min(1, 'say where the figure comes from') });

/** A rate's periods: at least one, oldest first, each from a later date than the one before. */
function periods<T extends z.ZodType<{ from: string }>>(item: T) {
  return z.array(item).min(1, 'list at least one period').superRefine(inOrder);
}

function inOrder(list: ReadonlyArray<{ from: string }>, ctx: z.RefinementCtx): void {
  list.forEach((p, i) => {
    const before = list[i - 1];
    if (before !== undefined && p.from <= before.from)
      ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `must be after the previous period's ${before.from}` });
  });
}

export const chargesFileSchema = z.object({
  $comment: z.string().optional(),
  brokerage: periods(period.extend({ perOrder: z.number().min(0) })),
  stt: periods(period.extend({ optionSellPct: pct, futureSellPct: pct, exercisedPct: pct })),
  exchange: z.record(
    z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an exchange as named in instruments.json, e.g. NSE'),
    periods(period.extend({ optionPct: pct, futurePct: pct })),
  ),
  sebi: periods(period.extend({ perCrore: z.number().min(0) })),
  stamp: periods(period.extend({ optionBuyPct: pct, futureBuyPct: pct, optionSellPct: pct.optional(), futureSellPct: pct.optional() })),
  gst: periods(period.extend({ pct })),
});
export type ChargesFile = z.output<typeof chargesFileSchema>;

/** The period in force on `day`: the last one starting on or before it. */
function inForce<P extends { from: string }>(list: readonly P[], day: string): P | undefined {
  let found: P | undefined;
  for (const p of list) if (p.from <= day) found = p;
  return found;
}

/**
 * Charge rates by trade date and exchange, from a data file (runtime/data/charges.json by default): a
 * trade is charged at the rates in force on its IST date. It refuses (NO_CHARGE_RATES) a date before the
 * file covers every rate at the trade's exchange, or an exchange it does not list, rather than guess.
 */
export class ChargeSchedule {
  /** The first date on which every rate has a period, for every exchange listed. */
  readonly coversFrom: string;
  /** Per exchange, the first date on which every rate it charges has a period. */
  private readonly exchangeFrom: ReadonlyMap<string, string>;
  private readonly cache = new Map<string, Readonly<ChargeRates>>();

  constructor(private readonly file: ChargesFile) {
    const common = latest([file.brokerage, file.stt, file.sebi, file.stamp, file.gst].map((list) => list[0]?.from ?? ''));
    this.exchangeFrom = new Map(Object.entries(file.exchange).map(([name, list]) => [name, latest([common, list[0]?.from ?? ''])]));
    this.coversFrom = latest([common, ...this.exchangeFrom.values()]);
  }

  /** The first trade date the file charges at `exchange`; undefined for an exchange it does not list. */
  coversFromAt(exchange: string): string | undefined {
    return this.exchangeFrom.get(exchange);
  }

  /** The bundled schedule (runtime/data/charges.json). */
  static default(): ChargeSchedule {
    return new ChargeSchedule(parseDataFile(chargesFileSchema, bundledCharges, 'bundled charges.json'));
  }

  static fromData(data: unknown, source = 'charges data'): ChargeSchedule {
    return new ChargeSchedule(parseDataFile(chargesFileSchema, data, source));
  }

  static fromFile(path: string): ChargeSchedule {
    return new ChargeSchedule(loadDataFile(chargesFileSchema, path));
  }

  get exchanges(): string[] {
    return Object.keys(this.file.exchange);
  }

  /** The rates in force on `day` (IST YYYY-MM-DD) for a trade on `exchange` (NSE, BSE). */
  ratesOn(day: string, exchange: string): Readonly<ChargeRates> {
    const key = `${exchange}|${day}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const venue = this.file.exchange[exchange];
    if (venue === undefined) {
      throw new ChargesError(
        'NO_CHARGE_RATES',
        `The charges file has no transaction charges for the exchange ${exchange}; it lists ${this.exchanges.join(', ')}. Add its rates to charges.json.`,
        { exchange },
      );
    }
    const brokerage = inForce(this.file.brokerage, day);
    const stt = inForce(this.file.stt, day);
    const fees = inForce(venue, day);
    const sebi = inForce(this.file.sebi, day);
    const stamp = inForce(this.file.stamp, day);
    const gst = inForce(this.file.gst, day);
    if (!brokerage || !stt || !fees || !sebi || !stamp || !gst) {
      const coversFrom = this.exchangeFrom.get(exchange);
      throw new ChargesError(
        'NO_CHARGE_RATES',
        `No charge rates for a trade on ${day}: the charges file covers trades from ${coversFrom} at ${exchange}. Add the rates in force then to charges.json, each with its source.`,
        { date: day, exchange, coversFrom },
      );
    }
    const rates: ChargeRates = Object.freeze({
      brokeragePerOrder: brokerage.perOrder,
      sttSellPct: stt.optionSellPct,
      exchangePct: fees.optionPct,
      sebiPerCrore: sebi.perCrore,
      stampBuyPct: stamp.optionBuyPct,
      stampSellPct: stamp.optionSellPct ?? 0,
      gstPct: gst.pct,
      futures: Object.freeze({
        sttSellPct: stt.futureSellPct,
        exchangePct: fees.futurePct,
        stampBuyPct: stamp.futureBuyPct,
        stampSellPct: stamp.futureSellPct ?? 0,
      }),
      sttExercisedPct: stt.exercisedPct,
    });
    // A few keys a day at most (one per exchange); a backtest over years stays small.
    this.cache.set(key, rates);
    return rates;
  }
}

/** The latest of ISO dates. */
function latest(dates: readonly string[]): string {
  return dates.reduce((a, b) => (a > b ? a : b));
}

/** Fixed rates, or a schedule by date and exchange: what a SIM broker may be given. */
export type ChargeModel = ChargeRates | ChargeSchedule;

/** The rates of `model` for a trade on `day` at `exchange` (fixed rates apply everywhere, on every date). */
export function ratesFor(model: ChargeModel, day: string, exchange: string): Readonly<ChargeRates> {
  return model instanceof ChargeSchedule ? model.ratesOn(day, exchange) : model;
}

/**
 * NSE's rates from 1 Oct 2024 to 31 Mar 2026 as one fixed set, for a caller that wants rates that do not
 * depend on the date (tests with hand-computed figures). A trade after 31 Mar 2026 pays more STT by law:
 * charge real trades with `ChargeSchedule.default()`, which applies each date's rates.
 */
export const DEFAULT_CHARGES: Readonly<ChargeRates> = ChargeSchedule.default().ratesOn('2026-03-31', 'NSE');
