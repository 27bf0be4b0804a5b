import { useVersionsQuery } from '../../api/legflow-api.ts';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { restoreVersion } from './restore-version.ts';

const when = (ms: number) => new Date(ms).toLocaleString();

/** Published versions, newest first; one can be brought back into the draft (undoable). */
export function VersionsPanel() {
  const dispatch = useAppDispatch();
  const graphId = useAppSelector((s) => s.graph.id);
  const { data = [], isLoading, error } = useVersionsQuery(graphId ?? '', { skip: !graphId });

  return (
    <section className="lf-panel" aria-label="Versions">
      {isLoading && <p>Loading versions…</p>}
      {error && <p role="alert">The versions could not be loaded.</p>}
      {!isLoading && data.length === 0 && (
        <p className="lf-muted">Nothing published yet. Publish freezes the draft as version 1; deployments run published versions.</p>
      )}
      <ul className="lf-versions">
        {[...data].reverse().map((v) => (
          <li key={v.version}>
            <strong>Version {v.version}</strong> · published {when(v.createdAt)}{' '}
            <button type="button" onClick={() => void dispatch(restoreVersion(v.version))}>
              Restore version {v.version} into the draft
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
