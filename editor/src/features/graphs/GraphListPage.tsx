import { useState } from 'react';
import { legflowApi, useGraphsQuery, useLogoutMutation } from '../../api/legflow-api.ts';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { selectAuth } from '../auth/authSlice.ts';
import { navigated } from '../ui/uiSlice.ts';
import { ChangePassword } from '../users/ChangePassword.tsx';
import { createGraphFrom } from './new-graph.ts';
import { TemplateGallery } from './TemplateGallery.tsx';

/** Your graphs, a blank start, and the template gallery. */
export function GraphListPage() {
  const dispatch = useAppDispatch();
  const { user } = useAppSelector(selectAuth);
  const { data = [], isLoading, error } = useGraphsQuery();
  const [logout] = useLogoutMutation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const create = async (templateId: string | null) => {
    setBusy(true);
    setFailure(null);
    const result = await dispatch(createGraphFrom(templateId));
    if (createGraphFrom.rejected.match(result)) setFailure(result.payload?.message ?? 'The graph could not be created.');
    setBusy(false);
  };

  return (
    <main className="lf-page">
      <header className="lf-page-head">
        <h1>Legflow</h1>
        <button type="button" onClick={() => dispatch(navigated({ name: 'deployments' }))}>
          Deployments
        </button>
        <button type="button" onClick={() => dispatch(navigated({ name: 'backtests' }))}>
          Backtests
        </button>
        {user?.admin && (
          <button type="button" onClick={() => dispatch(navigated({ name: 'users' }))}>
            Users
          </button>
        )}
        <span className="lf-muted">Signed in as {user?.username}</span>
        <ChangePassword />
        <button
          type="button"
          onClick={async () => {
            await logout();
            // Nothing cached for this user may show for the next one.
            dispatch(legflowApi.util.resetApiState());
          }}
        >
          Sign out
        </button>
      </header>
      <section aria-labelledby="graphs-title">
        <h2 id="graphs-title">Your graphs</h2>
        <button type="button" onClick={() => void create(null)} disabled={busy}>
          New blank graph
        </button>
        {failure && <p role="alert">{failure}</p>}
        {isLoading && <p>Loading your graphs…</p>}
        {error && <p role="alert">Your graphs could not be loaded.</p>}
        {!isLoading && data.length === 0 && <p className="lf-muted">No graphs yet: start from a template below.</p>}
        <ul className="lf-graph-list">
          {data.map((g) => (
            <li key={g.id}>
              <button type="button" className="lf-link" onClick={() => dispatch(navigated({ name: 'editor', graphId: g.id }))}>
                {g.name}
              </button>
              <span className="lf-muted">
                {' '}
                · rev {g.rev} · {g.versions} published version{g.versions === 1 ? '' : 's'} · edited {new Date(g.updatedAt).toLocaleString()}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <TemplateGallery onUse={(id) => void create(id)} busy={busy} />
    </main>
  );
}
