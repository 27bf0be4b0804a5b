/** Payoff at expiry of the priced legs: combined premium, maximum profit and loss, breakevens, and the chart. */
import { Component, lazy, Suspense, useMemo, type ReactNode } from 'react';
import { rupees } from '../../../../nodes/shared/params.ts';
import type { PricedLeg } from './leg-preview.ts';
import { payoffCurve, payoffRange, payoffSummary, type PayoffLeg } from './payoff.ts';

const PayoffChart = lazy(() => import('./PayoffChart.tsx'));

/** A chart that cannot draw (no canvas, as in a test DOM) leaves the figures above it, not a broken inspector. */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <p className="lf-muted">The chart cannot be drawn here.</p> : this.props.children;
  }
}

/** Charts draw on a 2D canvas; a DOM without one (a test DOM) gets the figures only. */
const canDraw = () => typeof document !== 'undefined' && document.createElement('canvas').getContext('2d') !== null;

const money = (v: number | 'unlimited') => (v === 'unlimited' ? 'unlimited' : v < 0 ? `−${rupees(-v)}` : rupees(v));

export function PayoffPanel({ legs, spot }: { legs: readonly PricedLeg[]; spot?: number }) {
  // Option leg nodes resolve options only; the filter tells the type so (a leg may also be a future).
  const priced = useMemo(
    () =>
      legs
        .filter((l): l is PricedLeg & { ltp: number; optionType: 'CE' | 'PE' } => l.ltp !== null && l.optionType !== 'FUT')
        .map((l): PayoffLeg => ({ optionType: l.optionType, side: l.side, strike: l.strike, qty: l.qty, premium: l.ltp })),
    [legs],
  );
  const summary = useMemo(() => payoffSummary(priced), [priced]);
  const points = useMemo(() => payoffCurve(priced, ...payoffRange(priced, spot)), [priced, spot]);
  if (priced.length === 0) return null;
  const perUnit = priced.reduce((t, l) => t + (l.side === 'SELL' ? l.premium : -l.premium), 0);
  const net = summary.netPremium;
  return (
    <figure className="lf-payoff" aria-label="Payoff at expiry">
      <figcaption>
        <dl className="lf-payoff-figures">
          <dt>Combined premium</dt>
          <dd>
            {net >= 0 ? 'credit' : 'debit'} {rupees(Math.abs(net))} <span className="lf-muted">({Math.abs(perUnit).toFixed(2)} a unit)</span>
          </dd>
          <dt>Max profit</dt>
          <dd>{money(summary.maxProfit)}</dd>
          <dt>Max loss</dt>
          <dd>{money(summary.maxLoss)}</dd>
          <dt>Breakeven</dt>
          <dd>{summary.breakevens.length ? summary.breakevens.join(' · ') : 'none'}</dd>
        </dl>
      </figcaption>
      {canDraw() && (
        <ChartBoundary>
          <Suspense fallback={null}>
            <PayoffChart points={points} />
          </Suspense>
        </ChartBoundary>
      )}
    </figure>
  );
}
