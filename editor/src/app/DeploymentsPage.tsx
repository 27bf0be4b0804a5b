import { useGraphsQuery } from '../api/legflow-api.ts';
import { useAppDispatch } from '../store/hooks.ts';
import { ModeBadge } from '../features/deploy/ModeBadge.tsx';
import { navigated } from '../features/ui/uiSlice.ts';
import { useDeploymentsQuery } from '../features/deployments/deployments-api.ts';
import { BackLink } from '../features/ui/BackLink.tsx';

/** Every deployment of yours, newest first, each opening its live view. */
export function DeploymentsPage() {
  const dispatch = useAppDispatch();
  const { data = [], isLoading, error } = useDeploymentsQuery();
  const { data: graphs = [] } = useGraphsQuery();
  const names = new Map(graphs.map((g) => [g.id, g.name]));
  return (
    <main className="lf-page">
      <header className="lf-page-head">
        <BackLink to={{ name: 'graphs' }} label="Graphs" />
        <h1>Deployments</h1>
        <button type="button" onClick={() => dispatch(navigated({ name: 'backtests' }))}>
          Backtests
        </button>
      </header>
      {isLoading && <p>Loading your deployments…</p>}
      {error && <p role="alert">Your deployments could not be loaded.</p>}
      {!isLoading && data.length === 0 && <p className="lf-muted">Nothing deployed yet: publish a graph, then press Deploy in the editor.</p>}
      <ul className="lf-graph-list">
        {data.map((d) => (
          <li key={d.id} className={`lf-deployment is-${d.mode}`}>
            <ModeBadge mode={d.mode} />{' '}
            <button type="button" className="lf-link" onClick={() => dispatch(navigated({ name: 'live', deploymentId: d.id }))}>
              {names.get(d.graphId) ?? d.graphId} · version {d.version}
            </button>
            <span className="lf-muted">
              {' '}
              · {d.status} · account {d.accountId} · deployed {new Date(d.createdAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
