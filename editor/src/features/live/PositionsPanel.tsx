import type { PositionGroup } from '../deployments/deployment-schemas.ts';
import { formatPrice, formatRupees, pnlClass } from './format.ts';
import { groupMtm, legPnl } from './pnl.ts';

/** Position groups, newest first: MTM, realised P&L, charges and net, and each leg at its LTP. */
export function PositionsPanel({ groups }: { groups: readonly PositionGroup[] }) {
  return (
    <section className="lf-live-panel" aria-labelledby="positions-title">
      <h2 id="positions-title">Positions</h2>
      {groups.length === 0 && <p className="lf-muted">No position yet.</p>}
      {[...groups].reverse().map((g) => {
        const mtm = groupMtm(g);
        return (
          <div key={g.id} className="lf-group" data-testid="position-group">
            <p className="lf-group-head">
              <span className={`lf-status is-${g.status}`}>{g.status}</span> MTM <strong className={pnlClass(mtm)}>{formatRupees(mtm)}</strong> · realised{' '}
              {formatRupees(g.realisedPnl)} · charges {formatRupees(g.charges)} · net <span className={pnlClass(g.netPnl)}>{formatRupees(g.netPnl)}</span>
            </p>
            <table className="lf-table">
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Side</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Entry</th>
                  <th scope="col">LTP</th>
                  <th scope="col">Stop</th>
                  <th scope="col">Target</th>
                  <th scope="col">Status</th>
                  <th scope="col">P&amp;L</th>
                </tr>
              </thead>
              <tbody>
                {g.legs.map((leg) => {
                  const pnl = legPnl(leg);
                  return (
                    <tr key={leg.id} data-testid="position-leg">
                      <td>{leg.symbol}</td>
                      <td className={leg.side === 'BUY' ? 'is-buy' : 'is-sell'}>{leg.side}</td>
                      <td>{leg.qty}</td>
                      <td>{formatPrice(leg.entryPrice)}</td>
                      <td>{formatPrice(leg.ltp)}</td>
                      <td>{formatPrice(leg.stopPrice)}</td>
                      <td>{formatPrice(leg.targetPrice)}</td>
                      <td>{leg.status}</td>
                      <td className={pnlClass(pnl)}>{pnl === null ? '–' : formatRupees(pnl)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
