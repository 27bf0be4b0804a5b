// The live view's tables, charts, statuses and P&L colours, then this page's own.
import '../live/live.css';
import './backtest.css';
import { useEffect, useState } from 'react';
import { useGraphsQuery } from '../../api/legflow-api.ts';
import { useAppDispatch } from '../../store/hooks.ts';
import type { ConnectionState } from '../live/live-socket.ts';
import { BackLink } from '../ui/BackLink.tsx';
import { navigated } from '../ui/uiSlice.ts';
import { BacktestForm } from './BacktestForm.tsx';
import { BacktestList } from './BacktestList.tsx';
import { BacktestRun } from './BacktestRun.tsx';
import { openBacktestFeed } from './backtest-feed.ts';
import { useBacktestsQuery, useDeleteBacktestMutation } from './backtests-api.ts';
import { CompareRuns } from './CompareRuns.tsx';

const CONNECTION = {
  connecting: 'Connecting…',
  live: '● Live progress',
  reconnecting: 'Reconnecting: reading progress every second',
  closed: 'Not connected',
} as const;

/** Backtests: a new run, the run shown (progress, then results), your past runs, and two of them compared. */
export function BacktestPage() {
  const dispatch = useAppDispatch();
  const [connection, setConnection] = useState<ConnectionState | 'closed'>('closed');
  // The WebSocket is an outside system: opened with the page, closed when it goes.
  useEffect(() => dispatch(openBacktestFeed(setConnection)), [dispatch]);
  const { data: jobs = [], isLoading, error } = useBacktestsQuery();
  const { data: graphs = [] } = useGraphsQuery();
  const graphNames = new Map(graphs.map((g) => [g.id, g.name]));
  const [deleteJob] = useDeleteBacktestMutation();
  const [shown, setShown] = useState<string | null>(null);
  const [compared, setCompared] = useState<string[]>([]);

  const remove = (id: string) => {
    if (shown === id) setShown(null);
    setCompared((c) => c.filter((x) => x !== id));
    void deleteJob(id);
  };

  return (
    <main className="lf-page lf-backtest" aria-label="Backtests">
      <header className="lf-page-head">
        <BackLink to={{ name: 'graphs' }} label="Graphs" />
        <h1>Backtests</h1>
        <span className={`lf-connection is-${connection}`} role="status">
          {CONNECTION[connection]}
        </span>
        <button type="button" className="lf-link" onClick={() => dispatch(navigated({ name: 'deployments' }))}>
          Deployments
        </button>
      </header>
      <p className="lf-muted">
        The same graph and the same engine as live, over the seeded synthetic market, a minute at a time, with the charges in force on each date.
      </p>
      <BacktestForm onQueued={setShown} />
      {shown && <BacktestRun key={shown} id={shown} socketLive={connection === 'live'} />}
      {compared.length === 2 && <CompareRuns ids={[compared[0]!, compared[1]!]} />}
      <section aria-labelledby="bt-list-title">
        <h2 id="bt-list-title">Your backtests</h2>
        {isLoading && <p>Loading your backtests…</p>}
        {error && <p role="alert">Your backtests could not be loaded.</p>}
        {!isLoading && (
          <BacktestList
            jobs={jobs}
            graphNames={graphNames}
            shown={shown}
            compared={compared}
            onShow={setShown}
            onCompare={(id, on) => setCompared((c) => (on ? [...c.filter((x) => x !== id), id].slice(-2) : c.filter((x) => x !== id)))}
            onDelete={remove}
          />
        )}
      </section>
    </main>
  );
}
