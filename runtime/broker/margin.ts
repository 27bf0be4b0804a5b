import type { Paise } from '../money.ts';
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

/**
 * Margin (paise) for holding `qty` units of `contract`, signed (positive long, negative short), with the
 * contract at `ltpPaise` and its index at `indexPaise`:
 * - a long option: its premium value, qty × LTP (paid in full: no leverage);
 * - a short option: max(span % × S·n − otmCredit % × OTM·n, min % × S·n) + exposure % × S·n, where S is the
 *   index, n the units and OTM how far the strike is out of the money (K − S for a call, S − K for a put, ≥ 0);
 * - a future, long or short: (span % + exposure %) × LTP·n.
 * Example: short 65 NIFTY 26,000 CE with NIFTY at 26,000: notional 16,90,000; SPAN 12 % = 2,02,800 (no OTM
 * credit; above the 3 % floor of 50,700); exposure 2 % = 33,800; margin ₹2,36,600.
 */
export function positionMarginPaise(rates: MarginRates, contract: Contract, qty: number, ltpPaise: Paise, indexPaise: Paise): Paise {
  if (qty === 0) return 0;
  const units = Math.abs(qty);
  if (contract.kind === 'future') return Math.round((units * ltpPaise * (rates.spanPct + rates.exposurePct)) / 100);
  if (qty > 0) return units * ltpPaise;
  const notional = units * indexPaise;
  const strikePaise = Math.round(contract.strike * 100);
  const otm = Math.max(0, contract.optionType === 'CE' ? strikePaise - indexPaise : indexPaise - strikePaise);
  const span = Math.max((notional * rates.spanPct - units * otm * rates.otmCreditPct) / 100, (notional * rates.shortOptionMinPct) / 100);
  return Math.round(span + (notional * rates.exposurePct) / 100);
}
