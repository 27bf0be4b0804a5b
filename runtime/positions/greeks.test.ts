import { describe, expect, it } from 'vitest';
import { groupGreeks, legGreeks, type PositionGreeks } from './greeks.ts';

const unit: Record<string, PositionGreeks> = {
  CE: { delta: 0.52, gamma: 0.0009, theta: -12.5, vega: 4.2 },
  PE: { delta: -0.48, gamma: 0.0009, theta: -11.8, vega: 4.2 },
};
const of = (symbol: string) => unit[symbol];

describe('position greeks', () => {
  it('a short straddle of 65 each: deltas nearly cancel, theta earns, gamma and vega are short', () => {
    const ce = legGreeks({ symbol: 'CE', side: 'SELL', qty: 65, status: 'open' }, of);
    const pe = legGreeks({ symbol: 'PE', side: 'SELL', qty: 65, status: 'open' }, of);
    const round = (g: PositionGreeks | null) => g && Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Number(v.toFixed(6))]));
    expect(round(ce)).toEqual({ delta: -33.8, gamma: -0.0585, theta: 812.5, vega: -273 });
    const group = groupGreeks([ce, pe])!;
    // delta −33.8 + 31.2 = −2.6; theta 812.5 + 767 = 1,579.5 a day; vega −273 × 2 = −546 per vol point.
    expect([group.delta, group.theta, group.vega].map((v) => Number(v.toFixed(4)))).toEqual([-2.6, 1579.5, -546]);
  });

  it('a closed leg or one without greeks counts for nothing', () => {
    expect(legGreeks({ symbol: 'CE', side: 'BUY', qty: 65, status: 'closed' }, of)).toBeNull();
    expect(legGreeks({ symbol: 'FUT', side: 'BUY', qty: 65, status: 'open' }, of)).toBeNull();
    expect(groupGreeks([null, null])).toBeNull();
  });
});
