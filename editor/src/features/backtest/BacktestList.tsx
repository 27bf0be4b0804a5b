import type { BacktestJobSummary } from './backtest-schemas.ts';
import { progressShare } from './job-progress.ts';

interface Props {
  jobs: readonly BacktestJobSummary[];
  graphNames: ReadonlyMap<string, string>;
  shown: string | null;
  compared: readonly string[];
  onShow: (id: string) => void;
  onCompare: (id: string, on: boolean) => void;
  onDelete: (id: string) => void;
}

const signalsOf = (job: BacktestJobSummary) =>
  job.request.signals === null ? 'own sources' : job.request.signals.kind === 'csv' ? 'signals file' : `journal of ${job.request.signals.deploymentId}`;

/** Your backtests, newest first: open one, tick two completed ones to compare, delete one. */
export function BacktestList({ jobs, graphNames, shown, compared, onShow, onCompare, onDelete }: Props) {
  if (jobs.length === 0) return <p className="lf-muted">No backtest yet: choose a graph and a range above, then Run.</p>;
  return (
    <table className="lf-table lf-bt-list" data-testid="backtest-list">
      <thead>
        <tr>
          <th>Compare</th>
          <th>Graph</th>
          <th>Range</th>
          <th>Seed · capital · signals</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => {
          const name = `${graphNames.get(job.request.graphId) ?? job.request.graphId} v${job.request.version}`;
          const canCompare = job.status === 'completed' && (compared.includes(job.id) || compared.length < 2);
          return (
            <tr key={job.id} className={job.id === shown ? 'is-selected' : ''}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare ${name}, ${job.request.from} to ${job.request.to}`}
                  checked={compared.includes(job.id)}
                  disabled={!canCompare}
                  onChange={(e) => onCompare(job.id, e.target.checked)}
                />
              </td>
              <td>
                <button type="button" className="lf-link" onClick={() => onShow(job.id)}>
                  {name}
                </button>
              </td>
              <td>
                {job.request.from} to {job.request.to}
              </td>
              <td>
                {job.request.seed} · ₹{job.request.capital.toLocaleString('en-IN')} · {signalsOf(job)}
              </td>
              <td>
                {job.status}
                {job.status === 'running' && ` ${Math.floor(progressShare(job) * 100)} %`}
              </td>
              <td>
                <button
                  type="button"
                  className="lf-link"
                  aria-label={`Delete ${name}, ${job.request.from} to ${job.request.to}`}
                  onClick={() => onDelete(job.id)}
                >
                  Delete
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
