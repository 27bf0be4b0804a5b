import { describe, expect, it } from 'vitest';
import { payoffAt, payoffCurve, payoffRange, payoffSummary, type PayoffLeg } from './payoff.ts';

const leg = (side: PayoffLeg['side'], optionType: PayoffLeg['optionType'], strike: number, premium: number, qty = 65): PayoffLeg => ({
  side,
  optionType,
  strike,
  premium,
  qty,
});

describe('payoff at expiry', () => {
  it('short straddle at 26000 for 120 + 110: breakevens 25770 and 26230, max profit ₹230 × qty, loss unlimited', () => {
    const straddle = [leg('SELL', 'CE', 26000, 120), leg('SELL', 'PE', 26000, 110)];
    expect(payoffSummary(straddle)).toEqual({ netPremium: 230 * 65, maxProfit: 230 * 65, maxLoss: 'unlimited', breakevens: [25770, 26230] });
    expect(payoffAt(straddle, 26000)).toBe(14950);
    expect(payoffAt(straddle, 26100)).toBe((230 - 100) * 65);
    expect(payoffAt(straddle, 25500)).toBe((230 - 500) * 65);
  });

  it('long call: debit, loss limited to the premium, profit unlimited, breakeven strike + premium', () => {
    expect(payoffSummary([leg('BUY', 'CE', 26000, 150, 75)])).toEqual({
      netPremium: -150 * 75,
      maxProfit: 'unlimited',
      maxLoss: -150 * 75,
      breakevens: [26150],
    });
  });

  it('iron condor 25800/25900 – 26100/26200 for a 60 credit: both sides capped', () => {
    const condor = [leg('BUY', 'PE', 25800, 20), leg('SELL', 'PE', 25900, 50), leg('SELL', 'CE', 26100, 50), leg('BUY', 'CE', 26200, 20)];
    // Credit 50 + 50 − 20 − 20 = 60 points; wings 100 wide, so the worst is 60 − 100 = −40 points.
    expect(payoffSummary(condor)).toEqual({ netPremium: 60 * 65, maxProfit: 60 * 65, maxLoss: -40 * 65, breakevens: [25840, 26160] });
  });

  it('bull call spread 26000/26100 for a 40 debit: max profit 60 points, breakeven 26040', () => {
    const spread = [leg('BUY', 'CE', 26000, 90, 1), leg('SELL', 'CE', 26100, 50, 1)];
    expect(payoffSummary(spread)).toEqual({ netPremium: -40, maxProfit: 60, maxLoss: -40, breakevens: [26040] });
  });

  it('draws the curve through every strike in range, ascending, over a range around the strikes and spot', () => {
    const straddle = [leg('SELL', 'CE', 26000, 120), leg('SELL', 'PE', 26000, 110)];
    const [from, to] = payoffRange(straddle, 26010);
    expect(from).toBeLessThan(25770);
    expect(to).toBeGreaterThan(26230);
    const curve = payoffCurve(straddle, from, to, 7);
    expect(curve.find((p) => p.price === 26000)?.pnl).toBe(14950);
    expect(curve.map((p) => p.price)).toEqual([...curve.map((p) => p.price)].sort((a, b) => a - b));
  });
});
