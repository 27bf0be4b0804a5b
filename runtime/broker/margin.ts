import type { OptionType } from '../message.ts';
import { toPaise, type Paise } from '../money.ts';
import type { Contract } from './contracts.ts';

/**
 * A documented approximation of the exchange's SPAN + exposure margin for index derivatives (the real SPAN
 * file scans 16 price and volatility scenarios per contract; this keeps its two dominant terms). Percent
 * figures, of the index value for options and of the contract value for futures.
 */
export interface MarginRates {
  /** SPAN-like initial margin: about the index's worst one-day move the exchange covers (≈ 12 % for index futures). */
  spanPct: number;
  /** Exposure margin: 2 % of the notional for index derivatives on NSE. */
  exposurePct: number;
  /** A short option's SPAN part never falls below this (the exchange's short option minimum charge). */
  shortOptionMinPct: number;
  /** Share of a short option's out-of-the-money amount taken off its SPAN part (far OTM options risk less). */
  otmCreditPct: number;
}

export const DEFAULT_MARGIN: Readonly<MarginRates> = Object.freeze({ spanPct: 12, exposurePct: 2, shortOptionMinPct: 3, otmCreditPct: 50 });

/** One position of an account, as the margin reads it. */
export interface MarginPosition {
  contract: Contract;
  /** Units, signed: positive long, negative short. */
  qty: number;
  /** The contract's LTP: a long option's premium, a future's contract value. */
  ltpPaise: Paise;
  /** The index level: a short option's notional and how far it is out of the money. */
  indexPaise: Paise;
}

/**
 * The margin (paise) an account's positions block. Like SPAN, it scores the positions together, per
 * underlying and expiry (a "book"), because the index cannot rise and fall at once:
 * - Each short option and future has a SPAN part: a short option max(span % × S·n − otmCredit % × OTM·n,
 *   min % × S·n), S the index, n the units, OTM how far the strike is out of the money (≥ 0); a future
 *   span % × LTP·n.
 * - Short calls and short futures lose when the index rises, short puts and long futures when it falls. The
 *   book's SPAN is max(upside, downside), each side the sum of its SPAN parts.
 * - A long option covers a short one of its type in the book, unit for unit (calls paired from the lowest
 *   strike up, puts from the highest down): a covered unit's SPAN part is at most what the pair can lose,
 *   the strikes' width (0 when the long is the nearer the money).
 * - Exposure, exposure % of the notional (S·n for an option, LTP·n for a future), on every short option and
 *   every future, whichever side.
 * - A long option: its premium at LTP, paid in full. Equity counts the option at its LTP, so without this the
 *   premium paid would show as free.
 * Example, NIFTY at 26,000, one lot (65) each of the 26,000 CE and PE sold: notional 16,90,000; each side's
 * SPAN 12 % = 2,02,800, so the book's SPAN is 2,02,800, not 4,05,600; exposure 2 × 33,800 = 67,600;
 * margin ₹2,70,400.
 */
export function portfolioMarginPaise(rates: MarginRates, positions: Iterable<MarginPosition>): Paise {
  const books = new Map<string, MarginPosition[]>();
  for (const position of positions) {
    if (position.qty === 0) continue;
    const key = `${position.contract.underlying}|${position.contract.expiry}`;
    const book = books.get(key);
    if (book === undefined) books.set(key, [position]);
    else book.push(position);
  }
  // In paise × percent (whole numbers for whole-number rates), divided by 100 once: exact, however grouped.
  let total = 0;
  for (const book of books.values()) total += bookMargin(rates, book);
  return Math.round(total / 100);
}

/** Units held at one strike, of one option type in a book. */
interface OptionLeg {
  strikePaise: Paise;
  units: number;
}

/** A short option's units, with its SPAN part per unit (paise × percent). */
interface ShortLeg extends OptionLeg {
  spanPerUnit: number;
}

/** One book's margin, paise × percent (see portfolioMarginPaise). */
function bookMargin(rates: MarginRates, book: readonly MarginPosition[]): number {
  let upside = 0;
  let downside = 0;
  let exposure = 0;
  let premium = 0;
  const shorts: Record<OptionType, ShortLeg[]> = { CE: [], PE: [] };
  const longs: Record<OptionType, OptionLeg[]> = { CE: [], PE: [] };
  for (const { contract, qty, ltpPaise, indexPaise } of book) {
    const units = Math.abs(qty);
    if (contract.optionType === null) {
      const value = units * ltpPaise;
      if (qty > 0) downside += value * rates.spanPct;
      else upside += value * rates.spanPct;
      exposure += value * rates.exposurePct;
      continue;
    }
    const strikePaise = toPaise(contract.strike);
    if (qty > 0) {
      premium += units * ltpPaise * 100;
      longs[contract.optionType].push({ strikePaise, units });
      continue;
    }
    const otm = Math.max(0, contract.optionType === 'CE' ? strikePaise - indexPaise : indexPaise - strikePaise);
    const spanPerUnit = Math.max(indexPaise * rates.spanPct - otm * rates.otmCreditPct, indexPaise * rates.shortOptionMinPct);
    shorts[contract.optionType].push({ strikePaise, units, spanPerUnit });
    exposure += units * indexPaise * rates.exposurePct;
  }
  upside += coveredSpan('CE', shorts.CE, longs.CE);
  downside += coveredSpan('PE', shorts.PE, longs.PE);
  return Math.max(upside, downside) + exposure + premium;
}

/**
 * The SPAN part of one type's short options, each short unit paired with a long unit while any are left:
 * calls from the lowest strike up, puts from the highest down. A pair loses at most the width between the
 * strikes (long call above the short one, long put below), and never more than the short alone.
 */
function coveredSpan(type: OptionType, shorts: ShortLeg[], longs: OptionLeg[]): number {
  const sign = type === 'CE' ? 1 : -1;
  const order = (a: OptionLeg, b: OptionLeg) => sign * (a.strikePaise - b.strikePaise);
  shorts.sort(order);
  longs.sort(order);
  let span = 0;
  let next = 0;
  let long = longs[0];
  let longLeft = long?.units ?? 0;
  for (const short of shorts) {
    let left = short.units;
    while (left > 0 && long !== undefined) {
      const units = Math.min(left, longLeft);
      const widthPaise = Math.max(0, sign * (long.strikePaise - short.strikePaise));
      span += units * Math.min(short.spanPerUnit, widthPaise * 100);
      left -= units;
      longLeft -= units;
      if (longLeft === 0) {
        long = longs[++next];
        longLeft = long?.units ?? 0;
      }
    }
    span += left * short.spanPerUnit;
  }
  return span;
}
