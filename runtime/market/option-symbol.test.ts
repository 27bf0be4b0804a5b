import { describe, it, expect } from 'vitest';
import { formatFutureSymbol, formatOptionSymbol, parseFutureSymbol, parseOptionSymbol } from './option-symbol.ts';

const known = ['NIFTY', 'BANKNIFTY', 'MIDCPNIFTY', 'NIFTYNXT50'];

describe('option symbols', () => {
  it('spells OpenAlgo symbols', () => {
    expect(formatOptionSymbol('NIFTY', '2026-12-01', 26000, 'CE')).toBe('NIFTY01DEC2626000CE');
    expect(formatOptionSymbol('MIDCPNIFTY', '2026-03-30', 13525, 'PE')).toBe('MIDCPNIFTY30MAR2613525PE');
    expect(formatOptionSymbol('NIFTY', '2026-01-27', 25012.5, 'PE')).toBe('NIFTY27JAN2625012.5PE');
  });

  it('reads them back', () => {
    expect(parseOptionSymbol('NIFTY01DEC2626000CE', known)).toEqual({
      underlying: 'NIFTY',
      expiry: '2026-12-01',
      strike: 26000,
      optionType: 'CE',
    });
    expect(parseOptionSymbol('BANKNIFTY30MAR2659000PE', known)).toEqual({
      underlying: 'BANKNIFTY',
      expiry: '2026-03-30',
      strike: 59000,
      optionType: 'PE',
    });
    expect(parseOptionSymbol('NIFTYNXT5030MAR2668000CE', known)?.underlying).toBe('NIFTYNXT50');
    expect(parseOptionSymbol('NIFTY27JAN2625012.5PE', known)?.strike).toBe(25012.5);
  });

  it('rejects anything that is not an option of a known underlying', () => {
    for (const s of [
      'NIFTY',
      'NIFTY31FEB2626000CE',
      'NIFTY01XYZ2626000CE',
      'RELIANCE01DEC261400CE',
      'NIFTY01DEC2626000FUT',
      'NIFTY01DEC260CE',
      'nifty01dec2626000ce',
    ]) {
      expect(parseOptionSymbol(s, known), s).toBeUndefined();
    }
  });

  it('spells and reads futures symbols: underlying, expiry date, FUT', () => {
    expect(formatFutureSymbol('NIFTY', '2026-12-29')).toBe('NIFTY29DEC26FUT');
    expect(formatFutureSymbol('BANKNIFTY', '2026-01-27')).toBe('BANKNIFTY27JAN26FUT');
    expect(parseFutureSymbol('NIFTY29DEC26FUT', known)).toEqual({ underlying: 'NIFTY', expiry: '2026-12-29' });
    expect(parseFutureSymbol('NIFTYNXT5029DEC26FUT', known)).toEqual({ underlying: 'NIFTYNXT50', expiry: '2026-12-29' });
    for (const s of ['NIFTY26DECFUT', 'NIFTY31FEB26FUT', 'NIFTY29DEC2626000CE', 'RELIANCE29DEC26FUT', 'nifty29dec26fut']) {
      expect(parseFutureSymbol(s, known), s).toBeUndefined();
    }
    expect(parseOptionSymbol('NIFTY29DEC26FUT', known)).toBeUndefined();
  });
});
