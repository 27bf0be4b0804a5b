import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARGES, orderCharges } from './charges.ts';

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
    expect(orderCharges(DEFAULT_CHARGES, 'SELL', 65, 2_608_055, 'future')).toEqual({ brokerage: 2000, stt: 33_905, exchange: 2933, sebi: 170, stamp: 0, gst: 919, total: 39_927 });
    // BUY: stamp 0.002 % = 33.905 → 33.90 instead of STT. Total 94.12.
    expect(orderCharges(DEFAULT_CHARGES, 'BUY', 65, 2_608_055, 'future').total).toBe(9412);
    // Without futures rates a future pays the options' (STT 0.1 % of 16,95,235.75 = 1,695.24).
    const { futures: _none, ...optionsOnly } = DEFAULT_CHARGES;
    expect(orderCharges(optionsOnly, 'SELL', 65, 2_608_055, 'future').stt).toBe(169_524);
  });
});
