import { describe, expect, it } from 'vitest';
import { Contracts, settlementValuePaise, type Contract } from './contracts.ts';
import { DEFAULT_MARGIN, positionMarginPaise } from './margin.ts';
import { TradingCalendar } from '../market/calendar.ts';
import { Instruments } from '../market/instruments.ts';

const contracts = new Contracts(Instruments.default(TradingCalendar.default()));
function contract(symbol: string): Contract {
  const c = contracts.of(symbol);
  if (c === undefined) throw new Error(`not a contract: ${symbol}`);
  return c;
}
const NIFTY = 2_600_000; // 26,000.00 in paise

describe('margin (SPAN + exposure approximation)', () => {
  it('a short ATM NIFTY call: 12 % SPAN + 2 % exposure of the index value', () => {
    // 65 × 26,000 = 16,90,000; SPAN 12 % = 2,02,800 (no OTM credit, above the 3 % floor of 50,700);
    // exposure 2 % = 33,800; margin 2,36,600.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2626000CE'), -65, 12_005, NIFTY)).toBe(23_660_000);
    // A short straddle is the sum of its legs (no hedge benefit): 2 × 2,36,600 = 4,73,200.
    const pe = positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2626000PE'), -65, 11_000, NIFTY);
    expect(pe).toBe(23_660_000);
  });

  it('takes half the out-of-the-money amount off the SPAN part, down to the 3 % floor', () => {
    // 26,500 CE, 500 OTM: SPAN 2,02,800 − 50 % × 500 × 65 = 2,02,800 − 16,250 = 1,86,550; + 33,800 = 2,20,350.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2626500CE'), -65, 2_000, NIFTY)).toBe(22_035_000);
    // 22,000 PE, 4,000 OTM: 2,02,800 − 1,30,000 = 72,800 (above 50,700); + 33,800 = 1,06,600.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2622000PE'), -65, 5, NIFTY)).toBe(10_660_000);
    // 20,000 PE, 6,000 OTM: 2,02,800 − 1,95,000 = 7,800 < the floor 3 % = 50,700; 50,700 + 33,800 = 84,500.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2620000PE'), -65, 5, NIFTY)).toBe(8_450_000);
    // An ITM call gets no credit: 25,500 CE is charged as the ATM one, 2,36,600.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2625500CE'), -65, 52_000, NIFTY)).toBe(23_660_000);
  });

  it('a long option needs its premium only', () => {
    // 65 × 120.05 = 7,803.25
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY01DEC2626000CE'), 65, 12_005, NIFTY)).toBe(780_325);
  });

  it('a future, long or short: 14 % of its contract value', () => {
    // 65 × 26,080 = 16,95,200 × (12 % + 2 %) = 2,37,328.
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY29DEC26FUT'), 65, 2_608_000, NIFTY)).toBe(23_732_800);
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY29DEC26FUT'), -65, 2_608_000, NIFTY)).toBe(23_732_800);
    expect(positionMarginPaise(DEFAULT_MARGIN, contract('NIFTY29DEC26FUT'), 0, 2_608_000, NIFTY)).toBe(0);
  });
});

describe('contracts', () => {
  it('read a symbol’s exchange, expiry instant and strike; SENSEX is a BSE contract', () => {
    expect(contract('NIFTY01DEC2626000CE')).toMatchObject({ kind: 'option', underlying: 'NIFTY', exchange: 'NSE', expiry: '2026-12-01', strike: 26_000, optionType: 'CE', expiryMs: Date.parse('2026-12-01T15:30:00+05:30') });
    expect(contract('SENSEX03DEC2685000PE')).toMatchObject({ exchange: 'BSE', optionType: 'PE' });
    expect(contract('NIFTY29DEC26FUT')).toMatchObject({ kind: 'future', strike: 0, optionType: null });
    expect(contracts.of('ACME01DEC26100CE')).toBeUndefined();
  });

  it('settle an option at its intrinsic value against the index, a future at the index', () => {
    // NIFTY at 26,180.35: the 26,000 CE is worth 180.35, the 26,000 PE nothing, the future 26,180.35.
    expect(settlementValuePaise(contract('NIFTY01DEC2626000CE'), 2_618_035)).toBe(18_035);
    expect(settlementValuePaise(contract('NIFTY01DEC2626000PE'), 2_618_035)).toBe(0);
    expect(settlementValuePaise(contract('NIFTY01DEC2626200PE'), 2_618_035)).toBe(1_965);
    expect(settlementValuePaise(contract('NIFTY29DEC26FUT'), 2_618_035)).toBe(2_618_035);
  });
});
