import type { OptionValuation } from '../market/black-scholes.ts';
import type { Side } from '../message.ts';

export type PositionGreeks = Pick<OptionValuation, 'delta' | 'gamma' | 'theta' | 'vega'>;

interface HeldLeg {
  symbol: string;
  side: Side;
  qty: number;
  status: string;
}

const HELD = new Set(['open', 'exiting']);

/**
 * Greeks of what a leg holds: the contract's greeks per unit × quantity, negative for a sold leg; null when
 * the leg holds nothing or the market has no greeks for it. Theta is per calendar day, vega per vol point.
 * Example: 65 sold of a CE with delta 0.52 → delta −33.8 (the position loses ₹33.80 per point the index rises).
 */
export function legGreeks(leg: HeldLeg, greeksOf: (symbol: string) => PositionGreeks | undefined): PositionGreeks | null {
  if (!HELD.has(leg.status)) return null;
  const unit = greeksOf(leg.symbol);
  if (unit === undefined) return null;
  const n = leg.side === 'BUY' ? leg.qty : -leg.qty;
  return { delta: unit.delta * n, gamma: unit.gamma * n, theta: unit.theta * n, vega: unit.vega * n };
}

/** The sum over the legs that hold something; null when none does. */
export function groupGreeks(legs: ReadonlyArray<PositionGreeks | null>): PositionGreeks | null {
  let sum: PositionGreeks | null = null;
  for (const g of legs) {
    if (g === null) continue;
    sum = sum === null ? { ...g } : { delta: sum.delta + g.delta, gamma: sum.gamma + g.gamma, theta: sum.theta + g.theta, vega: sum.vega + g.vega };
  }
  return sum;
}
