import { formatIst } from '../../../../runtime/time.ts';
import { formatPrice, formatRupees, pnlClass } from '../live/format.ts';
import type { BacktestJob, BacktestTrade } from './backtest-schemas.ts';
import { downloadText, tradesFile } from './trades-download.ts';

const at = (iso: string) => formatIst(Date.parse(iso), { zone: false });

/** Every leg's trade, entry to exit with why it exited, and the whole log as a CSV file. */
export function TradeLog({ job, graphName, trades }: { job: Pick<BacktestJob, 'request'>; graphName: string; trades: readonly BacktestTrade[] }) {
  return (
    <section className="lf-bt-trades" aria-labelledby="bt-trades-title">
      <header className="lf-bt-section-head">
        <h3 id="bt-trades-title">Trades per leg ({trades.length})</h3>
        <button type="button" disabled={trades.length === 0} onClick={() => downloadText(tradesFile(job, graphName, trades))}>
          Download CSV
        </button>
      </header>
      {trades.length === 0 ? (
        <p className="lf-muted">No trade: no signal opened a position over the range.</p>
      ) : (
        <div className="lf-bt-scroll">
          <table className="lf-table" data-testid="trade-log">
            <thead>
              <tr>
                <th>Leg</th>
                <th>Symbol</th>
                <th>Side</th>
                <th>Qty</th>
                <th>Entry (IST)</th>
                <th>Entry price</th>
                <th>Exit (IST)</th>
                <th>Exit price</th>
                <th>Reason</th>
                <th>Charges</th>
                <th>Net P&amp;L</th>
              </tr>
            </thead>
            <tbody>
              {trades.map((t, i) => (
                <tr key={`${i}/${t.groupId}/${t.legId}`}>
                  <td>{t.legId}</td>
                  <td>{t.symbol}</td>
                  <td>{t.side}</td>
                  <td>{t.qty}</td>
                  <td>{at(t.entryTime)}</td>
                  <td>{formatPrice(t.entryPrice)}</td>
                  <td>{at(t.exitTime)}</td>
                  <td>{formatPrice(t.exitPrice)}</td>
                  <td>{t.exitReason}</td>
                  <td>{formatRupees(t.charges)}</td>
                  <td className={pnlClass(t.pnl)}>{formatRupees(t.pnl)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
