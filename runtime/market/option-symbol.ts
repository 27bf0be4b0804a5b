// Pure and free of Node built-ins: leg nodes spell symbols with it, in the engine and in the editor alike.
import type { OptionType } from '../message.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const TAIL = /^(\d{2})([A-Z]{3})(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;
const FUTURE_TAIL = /^(\d{2})([A-Z]{3})(\d{2})FUT$/;

export interface ParsedSymbol {
  underlying: string;
  expiry: string;
  strike: number;
  optionType: OptionType;
}

export interface ParsedFutureSymbol {
  underlying: string;
  expiry: string;
}

/**
 * OpenAlgo's option symbol: underlying + DD + MMM + YY + strike + CE/PE, e.g. NIFTY01DEC2626000CE. The
 * caller checks that the expiry and strike are listed; this only spells them.
 */
export function formatOptionSymbol(underlying: string, expiry: string, strike: number, optionType: OptionType): string {
  return `${underlying}${spellExpiry(expiry)}${strike}${optionType}`;
}

/**
 * OpenAlgo's futures symbol: underlying + DD + MMM + YY + FUT, e.g. NIFTY29DEC26FUT. The full date (not
 * Kite's YYMMM) spells the expiry the same way as the option symbols and can be read back without a calendar.
 */
export function formatFutureSymbol(underlying: string, expiry: string): string {
  return `${underlying}${spellExpiry(expiry)}FUT`;
}

/**
 * Reads a symbol back, given the known underlyings. Checks shape only (a real date, a positive strike), not
 * listing. Every matching underlying is tried, longest first, so NIFTY and NIFTYNXT50 cannot be confused.
 */
export function parseOptionSymbol(symbol: string, underlyings: readonly string[]): ParsedSymbol | undefined {
  for (const underlying of candidates(symbol, underlyings)) {
    const m = TAIL.exec(symbol.slice(underlying.length));
    if (!m) continue;
    const [, dd = '', mon = '', yy = '', strikeText = '', type = ''] = m;
    const expiry = readExpiry(dd, mon, yy);
    const strike = Number(strikeText);
    if (expiry === undefined || strike <= 0) continue;
    return { underlying, expiry, strike, optionType: type === 'PE' ? 'PE' : 'CE' };
  }
  return undefined;
}

/** Reads a futures symbol back (shape only, as `parseOptionSymbol`). */
export function parseFutureSymbol(symbol: string, underlyings: readonly string[]): ParsedFutureSymbol | undefined {
  for (const underlying of candidates(symbol, underlyings)) {
    const m = FUTURE_TAIL.exec(symbol.slice(underlying.length));
    const expiry = m ? readExpiry(m[1] ?? '', m[2] ?? '', m[3] ?? '') : undefined;
    if (expiry !== undefined) return { underlying, expiry };
  }
  return undefined;
}

function candidates(symbol: string, underlyings: readonly string[]): string[] {
  return underlyings.filter((u) => symbol.startsWith(u)).sort((a, b) => b.length - a.length);
}

/** 2026-12-01 → 01DEC26 */
function spellExpiry(expiry: string): string {
  const [yyyy = '', mm = '', dd = ''] = expiry.split('-');
  return `${dd}${MONTHS[Number(mm) - 1]}${yyyy.slice(2)}`;
}

/** 01, DEC, 26 → 2026-12-01; undefined for a month or day that does not exist. */
function readExpiry(dd: string, mon: string, yy: string): string | undefined {
  const month = MONTHS.indexOf(mon) + 1;
  const expiry = `20${yy}-${month < 10 ? '0' : ''}${month}-${dd}`;
  if (month === 0) return undefined;
  const ms = Date.parse(`${expiry}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === expiry ? expiry : undefined;
}
