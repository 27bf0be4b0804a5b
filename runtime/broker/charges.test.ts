import { describe, expect, it } from 'vitest';
import bundled from '../data/charges.json' with { type: 'json' };
import { ChargeSchedule, DEFAULT_CHARGES, orderCharges, settlementCharges } from './charges.ts';

describe('order charges', () => {
  it('a NIFTY sell of 65 at 120.05: STT on the sell, no stamp duty, GST on brokerage + exchange + SEBI', () => {
    // Turnover 7,803.25: STT 0.1 % = 7.80; exchange 0.03503 % = 2.733… → 2.73; SEBI ₹10/crore = 0.0078 → 0.01;
    // GST 18 % × (20.00 + 2.73 + 0.01) = 4.0932 → 4.09. Total 34.63.
    expect(orderCharges(DEFAULT_CHARGES, 'SELL', 65, 12_005)).toEqual({ brokerage: 2000, stt: 780, exchange: 273, sebi: 1, stamp: 0, gst: 409, total: 3463 });
  });

  it('a buy pays stamp duty and no STT', () => {
    // Turnover 130 × 150.00 = 19,500: stamp 0.003 % = 0.585 → 0.59;
    // exchange 6.83085 → 6.83; SEBI 0.0195 → 0.02; GST 18 % × 26.85 = 4.833 → 4.83. Total 32.27.
    expect(orderCharges(DEFAULT_CHARGES, 'BUY', 130, 15_000)).toEqual({ brokerage: 2000, stt: 0, exchange: 683, sebi: 2, stamp: 59, gst: 483, total: 3227 });
  });

  it('follows the rates it is given', () => {
    const zero = { brokeragePerOrder: 0, sttSellPct: 0, exchangePct: 0, sebiPerCrore: 0, stampBuyPct: 0, gstPct: 0 };
    expect(orderCharges(zero, 'SELL', 65, 12_005).total).toBe(0);
    expect(orderCharges({ ...zero, brokeragePerOrder: 15.5, gstPct: 18 }, 'BUY', 65, 100).total).toBe(1550 + 279);
  });

  it('an index future is charged on its contract value at the futures rates', () => {
    // SELL 65 NIFTY futures at 26,080.55: turnover 16,95,235.75; STT 0.02 % = 339.047 → 339.05; exchange
    // 0.00173 % = 29.3276 → 29.33; SEBI 1.695 → 1.70; GST 18 % × 51.03 = 9.185 → 9.19. Total 399.27.
    expect(orderCharges(DEFAULT_CHARGES, 'SELL', 65, 2_608_055, 'future')).toEqual({
      brokerage: 2000,
      stt: 33_905,
      exchange: 2933,
      sebi: 170,
      stamp: 0,
      gst: 919,
      total: 39_927,
    });
    // BUY: stamp 0.002 % = 33.905 → 33.90 instead of STT. Total 94.12.
    expect(orderCharges(DEFAULT_CHARGES, 'BUY', 65, 2_608_055, 'future').total).toBe(9412);
    // Without futures rates a future pays the options' (STT 0.1 % of 16,95,235.75 = 1,695.24).
    const { futures: _none, ...optionsOnly } = DEFAULT_CHARGES;
    expect(orderCharges(optionsOnly, 'SELL', 65, 2_608_055, 'future').stt).toBe(169_524);
  });
});

describe('ChargeSchedule: the rates in force on the trade’s date, at its exchange', () => {
  const schedule = ChargeSchedule.default();

  it('charges a 2025 option sale STT at 0.1 % and a November 2026 one at 0.15 % (Finance Act 2026)', () => {
    // 2025: as DEFAULT_CHARGES, total 34.63 (see above).
    expect(orderCharges(schedule.ratesOn('2025-06-10', 'NSE'), 'SELL', 65, 12_005).total).toBe(3463);
    // 2026-11-24: turnover 7,803.25; STT 0.15 % = 11.704875 → 11.70; exchange 2.73, SEBI 0.01, GST 4.09,
    // brokerage 20.00: total 38.53.
    expect(orderCharges(schedule.ratesOn('2026-11-24', 'NSE'), 'SELL', 65, 12_005)).toEqual({
      brokerage: 2000,
      stt: 1170,
      exchange: 273,
      sebi: 1,
      stamp: 0,
      gst: 409,
      total: 3853,
    });
    // The day before and the day of the change.
    expect([schedule.ratesOn('2026-03-31', 'NSE').sttSellPct, schedule.ratesOn('2026-04-01', 'NSE').sttSellPct]).toEqual([0.1, 0.15]);
  });

  it('charges a future’s sale STT at 0.05 % from 1 Apr 2026 (0.02 % before)', () => {
    // SELL 65 NIFTY futures at 26,080.55 (turnover 16,95,235.75): STT 0.05 % = 847.617875 → 847.62; exchange
    // 0.00173 % = 29.3276 → 29.33; SEBI 1.695 → 1.70; GST 18 % × (20 + 29.33 + 1.70) = 9.1854 → 9.19. Total 907.84.
    expect(orderCharges(schedule.ratesOn('2026-11-24', 'NSE'), 'SELL', 65, 2_608_055, 'future')).toEqual({
      brokerage: 2000,
      stt: 84_762,
      exchange: 2933,
      sebi: 170,
      stamp: 0,
      gst: 919,
      total: 90_784,
    });
    // 31 Mar 2026: 0.02 % = 339.05, total 399.27 (as DEFAULT_CHARGES above).
    expect(orderCharges(schedule.ratesOn('2026-03-31', 'NSE'), 'SELL', 65, 2_608_055, 'future').total).toBe(39_927);
  });

  it('charges SENSEX at BSE’s transaction rates: options 0.0325 %, futures nil', () => {
    // SELL 20 SENSEX options at 251.35 (turnover 5,027.00) on 2026-11-26: STT 0.15 % = 7.5405 → 7.54;
    // exchange 0.0325 % = 1.633775 → 1.63 (NSE's 0.03503 % would be 1.76); SEBI 0.005027 → 0.01;
    // GST 18 % × (20 + 1.63 + 0.01) = 3.8952 → 3.90. Total 33.08.
    const bse = schedule.ratesOn('2026-11-26', 'BSE');
    expect(orderCharges(bse, 'SELL', 20, 25_135)).toEqual({ brokerage: 2000, stt: 754, exchange: 163, sebi: 1, stamp: 0, gst: 390, total: 3308 });
    expect(orderCharges(schedule.ratesOn('2026-11-26', 'NSE'), 'SELL', 20, 25_135).exchange).toBe(176);
    // A SENSEX future pays no exchange charge: BUY 20 at 85,000.00 (17,00,000): stamp 0.002 % = 34.00,
    // SEBI 1.70, GST 18 % × 21.70 = 3.906 → 3.91. Total 59.61.
    expect(orderCharges(bse, 'BUY', 20, 8_500_000, 'future')).toEqual({ brokerage: 2000, stt: 0, exchange: 0, sebi: 170, stamp: 3400, gst: 391, total: 5961 });
  });

  it('charges a January 2019 NIFTY sale at 2019’s rates: STT 0.05 %, NSE 0.05 %, SEBI ₹15 a crore, stamp on the sell side too', () => {
    // SELL 75 (Jan 2019's lot) at 120.05 on 2019-01-02: turnover 9,003.75. STT 0.05 % = 4.501875 → 4.50; exchange
    // 0.05 % = 4.50; SEBI ₹15/crore = 0.0135 → 0.01; stamp (Maharashtra, both sides) 0.002 % = 0.180075 → 0.18;
    // GST 18 % × (20.00 + 4.50 + 0.01) = 4.4118 → 4.41. Total 33.60.
    expect(orderCharges(schedule.ratesOn('2019-01-02', 'NSE'), 'SELL', 75, 12_005)).toEqual({
      brokerage: 2000,
      stt: 450,
      exchange: 450,
      sebi: 1,
      stamp: 18,
      gst: 441,
      total: 3360,
    });
    // From 1 Apr 2019 SEBI's fee is ₹10 a crore; from 1 Jul 2020 stamp duty is 0.003 % on the buy side only.
    expect([schedule.ratesOn('2019-03-29', 'NSE').sebiPerCrore, schedule.ratesOn('2019-04-01', 'NSE').sebiPerCrore]).toEqual([15, 10]);
    const [june, july] = [schedule.ratesOn('2020-06-30', 'NSE'), schedule.ratesOn('2020-07-01', 'NSE')];
    expect([june.stampSellPct, june.stampBuyPct, july.stampSellPct, july.stampBuyPct]).toEqual([0.002, 0.002, 0, 0.003]);
  });

  it('charges a June 2023 NIFTY trade at 2023’s rates: STT 0.0625 % (Finance Act 2023), NSE 0.05 % after its roll-back', () => {
    // BUY 50 (2023's lot) at 85.35 on 2023-06-15: turnover 4,267.50. Exchange 0.05 % = 2.13375 → 2.13; SEBI
    // ₹10/crore = 0.0042675 → 0.00; stamp 0.003 % = 0.128025 → 0.13; GST 18 % × (20.00 + 2.13 + 0.00) = 3.9834 → 3.98.
    // Total 26.24.
    const june2023 = schedule.ratesOn('2023-06-15', 'NSE');
    expect(orderCharges(june2023, 'BUY', 50, 8535)).toEqual({ brokerage: 2000, stt: 0, exchange: 213, sebi: 0, stamp: 13, gst: 398, total: 2624 });
    // SELL the same: STT 0.0625 % = 2.6671875 → 2.67, no stamp duty; exchange 2.13, GST 3.98. Total 28.78.
    expect(orderCharges(june2023, 'SELL', 50, 8535)).toEqual({ brokerage: 2000, stt: 267, exchange: 213, sebi: 0, stamp: 0, gst: 398, total: 2878 });
    // NSE's 6 % increase ran from 1 Jan 2021 to 31 Mar 2023 (0.053 %); STT was 0.05 % until 31 Mar 2023.
    const rates = ['2020-12-31', '2021-01-01', '2023-03-31', '2023-04-03'].map((d) => schedule.ratesOn(d, 'NSE'));
    expect(rates.map((r) => [r.exchangePct, r.sttSellPct])).toEqual([
      [0.05, 0.05],
      [0.053, 0.05],
      [0.053, 0.05],
      [0.05, 0.0625],
    ]);
  });

  it('refuses a date before the file covers every rate at the exchange, and an exchange it does not list, saying what to add', () => {
    // Every exchange is covered from 1 Oct 2024 (BSE's earlier transaction charges are not in the file); NSE from 1 Jan 2019.
    expect(schedule.coversFrom).toBe('2024-10-01');
    expect([schedule.coversFromAt('NSE'), schedule.coversFromAt('BSE'), schedule.coversFromAt('MCX')]).toEqual(['2019-01-01', '2024-10-01', undefined]);
    expect(() => schedule.ratesOn('2024-09-30', 'BSE')).toThrow(
      /No charge rates for a trade on 2024-09-30: the charges file covers trades from 2024-10-01 at BSE/,
    );
    expect(() => schedule.ratesOn('2018-12-31', 'NSE')).toThrow(
      expect.objectContaining({ code: 'NO_CHARGE_RATES', details: { date: '2018-12-31', exchange: 'NSE', coversFrom: '2019-01-01' } }),
    );
    expect(() => schedule.ratesOn('2026-11-24', 'MCX')).toThrow(
      expect.objectContaining({ code: 'NO_CHARGE_RATES', message: expect.stringMatching(/MCX.*NSE, BSE/) }),
    );
  });

  it('keeps DEFAULT_CHARGES as NSE’s rates of 31 Mar 2026', () => {
    expect(DEFAULT_CHARGES).toEqual(schedule.ratesOn('2026-03-31', 'NSE'));
  });

  it('validates the file: periods in date order, each with its source', () => {
    const file = JSON.parse(JSON.stringify(bundled)) as { stt: Array<Record<string, unknown>>; gst: Array<Record<string, unknown>> };
    file.stt.reverse();
    delete file.gst[0]?.source;
    expect(() => ChargeSchedule.fromData(file, 'my charges.json')).toThrow(
      /my charges.json is not valid:\n {2}stt.1.from: must be after the previous period's 2026-04-01\n {2}stt.2.from: must be after the previous period's 2024-10-01\n {2}stt.3.from: [^\n]*\n {2}gst.0.source/,
    );
  });
});

describe('settlement charges', () => {
  it('a long option settled in the money pays STT on its intrinsic value; a short one, an OTM one and a future nothing', () => {
    const rates2026 = ChargeSchedule.default().ratesOn('2026-12-01', 'NSE');
    // Long 65 NIFTY 26,000 CE settled at intrinsic 180.00: 0.15 % × 11,700 = 17.55, no brokerage, no GST.
    expect(settlementCharges(rates2026, 'SELL', 65, 18_000, 'option')).toEqual({
      brokerage: 0,
      stt: 1755,
      exchange: 0,
      sebi: 0,
      stamp: 0,
      gst: 0,
      total: 1755,
    });
    // Before 1 Apr 2026: 0.125 % × 11,700 = 14.625 → 14.63.
    expect(settlementCharges(ChargeSchedule.default().ratesOn('2025-12-30', 'NSE'), 'SELL', 65, 18_000, 'option').total).toBe(1463);
    expect(settlementCharges(rates2026, 'BUY', 65, 18_000, 'option').total).toBe(0);
    expect(settlementCharges(rates2026, 'SELL', 65, 0, 'option').total).toBe(0);
    expect(settlementCharges(rates2026, 'SELL', 65, 2_618_000, 'future').total).toBe(0);
  });
});
