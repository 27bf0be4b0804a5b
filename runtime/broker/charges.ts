import type { Side } from '../message.ts';
import type { Paise } from '../money.ts';

/**
 * What an executed options order costs beyond its premium, as rates. Percentages are of the order's
 * premium turnover (qty × price). The defaults are a typical Indian discount broker's schedule for index
 * options on NSE; a deployment or server may pass its own.
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
  /** GST, percent of brokerage + exchange charges + SEBI fees. */
  gstPct: number;
  /**
   * Index futures orders: the rates that differ from the options' (percent of the contract value, qty ×
   * price, which is the futures turnover). Absent: futures pay the options' rates.
   */
  futures?: Readonly<Pick<ChargeRates, 'sttSellPct' | 'exchangePct' | 'stampBuyPct'>>;
}

export const DEFAULT_CHARGES: Readonly<ChargeRates> = Object.freeze({
  brokeragePerOrder: 20,
  sttSellPct: 0.1,
  exchangePct: 0.03503,
  sebiPerCrore: 10,
  stampBuyPct: 0.003,
  gstPct: 18,
  // NSE index futures: STT 0.02 % on sells, exchange 0.00173 %, stamp duty 0.002 % on buys.
  futures: Object.freeze({ sttSellPct: 0.02, exchangePct: 0.00173, stampBuyPct: 0.002 }),
});

export interface Charges {
  brokerage: Paise;
  stt: Paise;
  exchange: Paise;
  sebi: Paise;
  stamp: Paise;
  gst: Paise;
  total: Paise;
}

/**
 * The charges of one executed order, each part rounded to the paisa, GST on the rounded parts.
 * Example: SELL 65 at 120.05 (turnover ₹7,803.25): brokerage 20.00, STT 7.80, exchange 2.73, SEBI 0.01,
 * stamp 0, GST 18 % × 22.74 = 4.09; total ₹34.63. A future is charged on its contract value at `futures` rates.
 */
export function orderCharges(rates: ChargeRates, side: Side, qty: number, pricePaise: Paise, instrument: 'option' | 'future' = 'option'): Charges {
  if (instrument === 'future' && rates.futures) rates = { ...rates, ...rates.futures };
  const turnover = qty * pricePaise;
  const pct = (p: number) => Math.round((turnover * p) / 100);
  const brokerage = Math.round(rates.brokeragePerOrder * 100);
  const stt = side === 'SELL' ? pct(rates.sttSellPct) : 0;
  const exchange = pct(rates.exchangePct);
  const sebi = Math.round((turnover * rates.sebiPerCrore) / 1e7);
  const stamp = side === 'BUY' ? pct(rates.stampBuyPct) : 0;
  const gst = Math.round(((brokerage + exchange + sebi) * rates.gstPct) / 100);
  return { brokerage, stt, exchange, sebi, stamp, gst, total: brokerage + stt + exchange + sebi + stamp + gst };
}
