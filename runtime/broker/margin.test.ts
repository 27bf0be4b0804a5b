import { describe, expect, it } from 'vitest';
import { Contracts, settlementValuePaise, type Contract } from './contracts.ts';
import { DEFAULT_MARGIN, portfolioMarginPaise } from './margin.ts';
import { TradingCalendar } from '../market/calendar.ts';
import { Instruments } from '../market/instruments.ts';
import { toPaise, type Paise } from '../money.ts';

const contracts = new Contracts(Instruments.default(TradingCalendar.default()));
function contract(symbol: string): Contract {
  const c = contracts.of(symbol);
  if (c === undefined) throw new Error(`not a contract: ${symbol}`);
  return c;
}
const NIFTY = 2_600_000; // 26,000.00 in paise

/** The margin of an account holding `positions` ([symbol, signed units, LTP in rupees]), NIFTY at 26,000. */
function margin(...positions: Array<[symbol: string, qty: number, ltp: number]>): Paise {
  return portfolioMarginPaise(
    DEFAULT_MARGIN,
    positions.map(([symbol, qty, ltp]) => ({ contract: contract(symbol), qty, ltpPaise: toPaise(ltp), indexPaise: NIFTY })),
  );
}

// One lot of NIFTY (65) at 26,000: notional 16,90,000; 12 % = 2,02,800; 2 % = 33,800; 3 % = 50,700.
describe('margin of one position (SPAN + exposure approximation)', () => {
  it('a short ATM NIFTY call: 12 % SPAN + 2 % exposure of the index value', () => {
    // SPAN 2,02,800 (no OTM credit, above the 3 % floor of 50,700) + exposure 33,800 = 2,36,600.
    expect(margin(['NIFTY01DEC2626000CE', -65, 120.05])).toBe(23_660_000);
    expect(margin(['NIFTY01DEC2626000PE', -65, 110])).toBe(23_660_000);
  });

  it('takes half the out-of-the-money amount off the SPAN part, down to the 3 % floor', () => {
    // 26,500 CE, 500 OTM: SPAN 2,02,800 − 50 % × 500 × 65 = 2,02,800 − 16,250 = 1,86,550; + 33,800 = 2,20,350.
    expect(margin(['NIFTY01DEC2626500CE', -65, 20])).toBe(22_035_000);
    // 22,000 PE, 4,000 OTM: 2,02,800 − 1,30,000 = 72,800 (above 50,700); + 33,800 = 1,06,600.
    expect(margin(['NIFTY01DEC2622000PE', -65, 0.05])).toBe(10_660_000);
    // 20,000 PE, 6,000 OTM: 2,02,800 − 1,95,000 = 7,800 < the floor 3 % = 50,700; 50,700 + 33,800 = 84,500.
    expect(margin(['NIFTY01DEC2620000PE', -65, 0.05])).toBe(8_450_000);
    // An ITM call gets no credit: 25,500 CE is charged as the ATM one, 2,36,600.
    expect(margin(['NIFTY01DEC2625500CE', -65, 520])).toBe(23_660_000);
  });

  it('a long option needs its premium only', () => {
    // 65 × 120.05 = 7,803.25
    expect(margin(['NIFTY01DEC2626000CE', 65, 120.05])).toBe(780_325);
  });

  it('a future, long or short: 14 % of its contract value', () => {
    // 65 × 26,080 = 16,95,200 × (12 % + 2 %) = 2,37,328.
    expect(margin(['NIFTY29DEC26FUT', 65, 26_080])).toBe(23_732_800);
    expect(margin(['NIFTY29DEC26FUT', -65, 26_080])).toBe(23_732_800);
    expect(margin(['NIFTY29DEC26FUT', 0, 26_080])).toBe(0);
    expect(margin()).toBe(0);
  });
});

describe('margin of a portfolio: per underlying and expiry, the worse of a rise and a fall', () => {
  it('a short straddle: one side’s SPAN and both exposures', () => {
    // Upside (the CE) 2,02,800; downside (the PE) 2,02,800; SPAN max = 2,02,800, not the sum 4,05,600.
    // Exposure 33,800 + 33,800 = 67,600. Margin 2,70,400 (the legs summed would be 2 × 2,36,600 = 4,73,200).
    expect(margin(['NIFTY01DEC2626000CE', -65, 120.05], ['NIFTY01DEC2626000PE', -65, 110])).toBe(27_040_000);
    // 400 lots (26,000 units): notional 26,000 × 26,000 = 67,60,00,000; SPAN 12 % = 8,11,20,000; exposure
    // 2 × 2 % = 2,70,40,000; margin 10,81,60,000.
    expect(margin(['NIFTY01DEC2626000CE', -26_000, 120.05], ['NIFTY01DEC2626000PE', -26_000, 110])).toBe(10_816_000_000);
  });

  it('a short strangle: the larger side’s SPAN', () => {
    // 26,500 CE, 500 OTM: 2,02,800 − 16,250 = 1,86,550. 25,000 PE, 1,000 OTM: 2,02,800 − 32,500 = 1,70,300.
    // SPAN max(1,86,550, 1,70,300) = 1,86,550; + exposure 67,600 = 2,54,150.
    expect(margin(['NIFTY01DEC2626500CE', -65, 20], ['NIFTY01DEC2625000PE', -65, 8])).toBe(25_415_000);
  });

  it('a credit spread: the short’s SPAN capped at the strikes’ width × units', () => {
    // Bear call spread: short 26,000 CE, long 26,200 CE at 60. SPAN min(2,02,800, 200 × 65 = 13,000) = 13,000;
    // exposure 33,800; the long's premium 65 × 60 = 3,900. Margin 50,700 (legs summed: 2,36,600 + 3,900).
    expect(margin(['NIFTY01DEC2626000CE', -65, 120.05], ['NIFTY01DEC2626200CE', 65, 60])).toBe(5_070_000);
    // Bull put spread: short 26,000 PE, long 25,800 PE at 50: 13,000 + 33,800 + 65 × 50 = 3,250 → 50,050.
    expect(margin(['NIFTY01DEC2626000PE', -65, 110], ['NIFTY01DEC2625800PE', 65, 50])).toBe(5_005_000);
  });

  it('a debit spread: the long covers the short entirely; exposure and the premium paid remain', () => {
    // Bull call spread: long 26,000 CE at 120.05, short 26,200 CE. The pair cannot lose beyond the premium:
    // width max(0, 26,000 − 26,200) = 0. Exposure 33,800 + premium 65 × 120.05 = 7,803.25 → 41,603.25.
    expect(margin(['NIFTY01DEC2626000CE', 65, 120.05], ['NIFTY01DEC2626200CE', -65, 60])).toBe(4_160_325);
    // Bear put spread: long 26,000 PE at 110, short 25,800 PE: 0 + 33,800 + 65 × 110 = 7,150 → 40,950.
    expect(margin(['NIFTY01DEC2626000PE', 65, 110], ['NIFTY01DEC2625800PE', -65, 50])).toBe(4_095_000);
  });

  it('covers unit for unit: a second short lot over one long lot is margined in full', () => {
    // Short 130 × 26,000 CE, long 65 × 26,200 CE at 60: 65 covered 13,000 + 65 uncovered 2,02,800 = 2,15,800;
    // exposure 2 × 33,800 = 67,600; premium 3,900. Margin 2,87,300.
    expect(margin(['NIFTY01DEC2626000CE', -130, 120.05], ['NIFTY01DEC2626200CE', 65, 60])).toBe(28_730_000);
  });

  it('an iron condor: each side capped at its width, the wider side counted', () => {
    const condor: Array<[string, number, number]> = [
      ['NIFTY01DEC2626200CE', -65, 60],
      ['NIFTY01DEC2626400CE', 65, 25],
      ['NIFTY01DEC2625800PE', -65, 50],
      ['NIFTY01DEC2625500PE', 65, 20],
    ];
    // Each short 200 OTM: SPAN 2,02,800 − 50 % × 200 × 65 = 1,96,300. Upside capped at 200 × 65 = 13,000;
    // downside at 300 × 65 = 19,500; SPAN max = 19,500. Exposure 2 × 33,800 = 67,600. Premiums 65 × 25 =
    // 1,625 + 65 × 20 = 1,300. Margin 19,500 + 67,600 + 2,925 = 90,025.
    expect(margin(...condor)).toBe(9_002_500);
    // Without its wings, the short strangle: 1,96,300 + 67,600 = 2,63,900.
    expect(margin(...condor.filter(([, qty]) => qty < 0))).toBe(26_390_000);
  });

  it('a long future and a short put both lose on a fall: summed; a short call against the future offsets', () => {
    // Same expiry (29 Dec). Future 65 × 26,080 = 16,95,200: SPAN 12 % = 2,03,424, exposure 2 % = 33,904.
    // Short 26,000 PE: SPAN 2,02,800, exposure 33,800. Downside 2,03,424 + 2,02,800 = 4,06,224, upside 0;
    // margin 4,06,224 + 33,904 + 33,800 = 4,73,928 (= 2,37,328 + 2,36,600).
    expect(margin(['NIFTY29DEC26FUT', 65, 26_080], ['NIFTY29DEC2626000PE', -65, 300])).toBe(47_392_800);
    // A short 26,000 CE instead loses on a rise: SPAN max(2,02,800, 2,03,424) = 2,03,424; + 67,704 = 2,71,128.
    expect(margin(['NIFTY29DEC26FUT', 65, 26_080], ['NIFTY29DEC2626000CE', -65, 380])).toBe(27_112_800);
  });

  it('margins each expiry apart', () => {
    // The 1 Dec CE and the 29 Dec PE are two books: 2,36,600 each, 4,73,200.
    expect(margin(['NIFTY01DEC2626000CE', -65, 120.05], ['NIFTY29DEC2626000PE', -65, 300])).toBe(47_320_000);
    // A long 8 Dec 26,200 CE does not cover the 1 Dec 26,000 CE: 2,36,600 + its premium 65 × 90 = 5,850.
    expect(margin(['NIFTY01DEC2626000CE', -65, 120.05], ['NIFTY08DEC2626200CE', 65, 90])).toBe(24_245_000);
  });
});

describe('contracts', () => {
  it('read a symbol’s exchange, expiry instant and strike; SENSEX is a BSE contract', () => {
    expect(contract('NIFTY01DEC2626000CE')).toMatchObject({
      kind: 'option',
      underlying: 'NIFTY',
      exchange: 'NSE',
      expiry: '2026-12-01',
      strike: 26_000,
      optionType: 'CE',
      expiryMs: Date.parse('2026-12-01T15:30:00+05:30'),
    });
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
