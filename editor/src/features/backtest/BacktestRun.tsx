import { isActive } from './backtest-schemas.ts';
import { BacktestResults } from './BacktestResults.tsx';
import { backtestsApi, useBacktestQuery, useCancelBacktestMutation } from './backtests-api.ts';
import { progressShare } from './job-progress.ts';

/** While the socket is down, a running job is read this often; while it is up, events move the bar. */
const POLL_WITHOUT_SOCKET_MS = 1_000;
/** A slow read even with the socket up: an event sent before the job's first read came back would otherwise be missed for good. */
const POLL_WITH_SOCKET_MS = 5_000;

/** One job: its progress bar and Cancel while it runs, why it ended if it failed, its results once completed. */
export function BacktestRun({ id, socketLive }: { id: string; socketLive: boolean }) {
  // What the cache holds decides whether to poll: only while the job runs.
  const { data: cached } = backtestsApi.endpoints.backtest.useQueryState(id);
  const polling = cached && isActive(cached.status) ? (socketLive ? POLL_WITH_SOCKET_MS : POLL_WITHOUT_SOCKET_MS) : 0;
  const { data: job, error } = useBacktestQuery(id, { pollingInterval: polling });
  const active = job ? isActive(job.status) : false;
  const [cancel, cancelling] = useCancelBacktestMutation();

  if (error) return <p role="alert">{'message' in error ? error.message : 'The backtest could not be loaded.'}</p>;
  if (!job) return <p className="lf-muted">Loading the backtest…</p>;
  const { request, progress } = job;
  return (
    <section className="lf-bt-run" aria-label="Backtest run">
      <header className="lf-bt-section-head">
        <h2>
          {request.from} to {request.to} <span className="lf-muted">v{request.version}</span>
        </h2>
        <span className={`lf-status is-${job.status}`} data-testid="backtest-status">
          {job.status}
        </span>
        {active && (
          <button type="button" onClick={() => void cancel(id)} disabled={cancelling.isLoading}>
            Cancel
          </button>
        )}
      </header>
      {active && (
        <p>
          <progress max={1} value={progressShare(job)} aria-label="Backtest progress" />{' '}
          {job.status === 'queued' ? 'Queued: waiting for the backtest before it' : `Day ${progress.day} of ${progress.days}`}
        </p>
      )}
      {job.status === 'failed' && (
        <p role="alert" className="lf-error-text">
          The backtest failed: {job.error?.message ?? 'no reason was given'}.
        </p>
      )}
      {job.status === 'cancelled' && (
        <p className="lf-muted">
          Cancelled after {progress.day} of {progress.days} trading days.
        </p>
      )}
      {job.result && <BacktestResults job={job} result={job.result} />}
    </section>
  );
}
