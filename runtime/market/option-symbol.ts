import type { OptionType } from '../message.ts';
import { isIsoDate } from './data-file.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const TAIL = /^(\d{2})([A-Z]{3})(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;

export interface ParsedSymbol {
  underlying: string;
  expiry: string;
  strike: number;
  optionType: OptionType;
}

/**
 * OpenAlgo's option symbol: underlying + DD + MMM + YY + strike + CE/PE, e.g. NIFTY01DEC2626000CE. The
 * caller checks that the expiry and strike are listed; this only spells them.
 */
export function formatOptionSymbol(underlying: string, expiry: string, strike: number, optionType: OptionType): string {
  const [yyyy = '', mm = '', dd = ''] = expiry.split('-');
  return `${underlying}${dd}${MONTHS[Number(mm) - 1]}${yyyy.slice(2)}${strike}${optionType}`;
}

/**
 * Reads a symbol back, given the known underlyings. Checks shape only (a real date, a positive strike), not
 * listing. Every matching underlying is tried, longest first, so NIFTY and NIFTYNXT50 cannot be confused.
 */
export function parseOptionSymbol(symbol: string, underlyings: readonly string[]): ParsedSymbol | undefined {
  const candidates = underlyings.filter((u) => symbol.startsWith(u)).sort((a, b) => b.length - a.length);
  for (const underlying of candidates) {
    const m = TAIL.exec(symbol.slice(underlying.length));
    if (!m) continue;
    const [, dd = '', mon = '', yy = '', strikeText = '', type = ''] = m;
    const month = MONTHS.indexOf(mon) + 1;
    const expiry = `20${yy}-${month < 10 ? '0' : ''}${month}-${dd}`;
    const strike = Number(strikeText);
    if (month === 0 || !isIsoDate(expiry) || strike <= 0) continue;
    return { underlying, expiry, strike, optionType: type === 'PE' ? 'PE' : 'CE' };
  }
  return undefined;
}
