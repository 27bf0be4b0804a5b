/**
 * Profit and loss at expiry of option legs, in rupees: the payoff chart and its summary (maximum profit and
 * loss, breakevens, the premium paid or received). Pure; the expiry payoff is piecewise linear with corners
 * at the strikes, so every figure is exact.
 */
export interface PayoffLeg {
  optionType: 'CE' | 'PE';
  side: 'BUY' | 'SELL';
  strike: number;
  /** Units: lots × lot size. */
  qty: number;
  /** Entry price per unit. */
  premium: number;
}

export interface PayoffSummary {
  /** Premium received (positive, a credit) or paid (negative, a debit), in rupees. */
  netPremium: number;
  maxProfit: number | 'unlimited';
  maxLoss: number | 'unlimited';
  /** Underlying prices at which the position breaks even at expiry, lowest first. */
  breakevens: number[];
}

const sign = (leg: PayoffLeg) => (leg.side === 'BUY' ? 1 : -1);
const intrinsic = (leg: PayoffLeg, price: number) => Math.max(0, leg.optionType === 'CE' ? price - leg.strike : leg.strike - price);

/** P&L of the legs at expiry if the underlying settles at `price`. */
export function payoffAt(legs: readonly PayoffLeg[], price: number): number {
  return legs.reduce((pnl, leg) => pnl + sign(leg) * (intrinsic(leg, price) - leg.premium) * leg.qty, 0);
}

export function netPremium(legs: readonly PayoffLeg[]): number {
  return legs.reduce((total, leg) => total - sign(leg) * leg.premium * leg.qty, 0);
}

/** Rupees per point above the highest strike: only calls still move there. */
const slopeAbove = (legs: readonly PayoffLeg[]) => legs.reduce((s, leg) => s + (leg.optionType === 'CE' ? sign(leg) * leg.qty : 0), 0);

/** The corners of the payoff: zero and every strike, ascending. */
const corners = (legs: readonly PayoffLeg[]) => [...new Set([0, ...legs.map((l) => l.strike)])].sort((a, b) => a - b);

export function payoffSummary(legs: readonly PayoffLeg[]): PayoffSummary {
  const xs = corners(legs);
  const ys = xs.map((x) => payoffAt(legs, x));
  const slope = slopeAbove(legs);
  const breakevens: number[] = [];
  const add = (x: number) => {
    if (x > 0 && !breakevens.some((b) => Math.abs(b - x) < 1e-9)) breakevens.push(round(x));
  };
  for (let i = 0; i < xs.length; i++) {
    const [x0, y0] = [xs[i]!, ys[i]!];
    if (y0 === 0) add(x0);
    if (i + 1 < xs.length) {
      const [x1, y1] = [xs[i + 1]!, ys[i + 1]!];
      if (y0 * y1 < 0) add(x0 + ((x1 - x0) * y0) / (y0 - y1));
    }
  }
  const lastX = xs.at(-1)!;
  const lastY = ys.at(-1)!;
  if (slope !== 0 && lastY !== 0 && Math.sign(lastY) !== Math.sign(slope)) add(lastX - lastY / slope);
  return {
    netPremium: round(netPremium(legs)),
    maxProfit: slope > 0 ? 'unlimited' : round(Math.max(...ys)),
    maxLoss: slope < 0 ? 'unlimited' : round(Math.min(...ys)),
    breakevens: breakevens.sort((a, b) => a - b),
  };
}

/** Points for the chart between `from` and `to`, with every strike in range, so the corners are drawn exactly. */
export function payoffCurve(legs: readonly PayoffLeg[], from: number, to: number, steps = 120): Array<{ price: number; pnl: number }> {
  const xs = new Set<number>();
  for (let i = 0; i <= steps; i++) xs.add(round(from + ((to - from) * i) / steps));
  for (const leg of legs) if (leg.strike >= from && leg.strike <= to) xs.add(leg.strike);
  return [...xs].sort((a, b) => a - b).map((price) => ({ price, pnl: round(payoffAt(legs, price)) }));
}

/** The price range worth drawing: the strikes (and spot) with room either side. */
export function payoffRange(legs: readonly PayoffLeg[], spot?: number): [number, number] {
  const points = [...legs.map((l) => l.strike), ...(spot ? [spot] : [])];
  if (points.length === 0) return [0, 1];
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const room = Math.max(hi - lo, ((lo + hi) / 2) * 0.03);
  return [Math.max(0, Math.floor(lo - room)), Math.ceil(hi + room)];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
