import type { SignalRow } from '../deployments/deployment-schemas.ts';
import { formatTime, sourceName } from './format.ts';

/** Every signal routed to the deployment, newest first, with where it came from and what became of it. */
export function SignalHistory({ signals }: { signals: readonly SignalRow[] }) {
  return (
    <section className="lf-live-panel" aria-labelledby="signals-title">
      <h2 id="signals-title">Signals</h2>
      <table data-testid="signal-history" className="lf-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Channel</th>
            <th scope="col">Action</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((s) => (
            <tr key={s.id} data-signal-id={s.id}>
              <td>{formatTime(s.receivedAt)}</td>
              <td>
                <span className={`lf-source is-${s.source}`}>{sourceName(s.source)}</span>
              </td>
              <td>{s.channel}</td>
              <td>{s.action}</td>
              <td>
                <span className={`lf-status is-${s.status}`}>{s.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {signals.length === 0 && <p className="lf-muted">No signal yet: send the alert, or press a manual trigger.</p>}
    </section>
  );
}
