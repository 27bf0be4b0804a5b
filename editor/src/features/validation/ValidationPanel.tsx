import { useMemo } from 'react';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { selectionChanged } from '../graph/graphSlice.ts';
import { nodeFocusRequested } from '../ui/uiSlice.ts';
import { selectProblemsAreStale, selectValidation } from './validationSlice.ts';

/** The server's verdict on the draft; clicking a problem selects its node and brings it into view. */
export function ValidationPanel() {
  const dispatch = useAppDispatch();
  const { status, problems, error } = useAppSelector(selectValidation);
  const stale = useAppSelector(selectProblemsAreStale);
  const nodes = useAppSelector((s) => s.graph.doc.nodes);
  const nodeNames = useMemo(() => new Map(nodes.map((n) => [n.id, n.label ?? n.id])), [nodes]);

  const focus = (nodeId: string) => {
    dispatch(selectionChanged({ nodes: [nodeId], edges: [] }));
    dispatch(nodeFocusRequested(nodeId));
  };

  return (
    <section data-testid="validation-panel" className="lf-panel" aria-label="Problems">
      {status === 'unchecked' && <p className="lf-muted">Validate to check the whole graph the way publishing will.</p>}
      {status === 'checking' && <p role="status">Checking…</p>}
      {status === 'failed' && <p role="alert">{error}</p>}
      {status === 'checked' && problems.length === 0 && <p role="status">No problems: the graph can be published.</p>}
      {stale && problems.length > 0 && <p className="lf-muted">The graph changed since this check; validate again to refresh.</p>}
      {problems.length > 0 && (
        <ul className="lf-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}-${p.nodeId ?? p.edgeId ?? ''}-${i}`}>
              {p.nodeId ? (
                <button type="button" className="lf-link" onClick={() => focus(p.nodeId!)}>
                  <strong>{nodeNames.get(p.nodeId) ?? p.nodeId}</strong>: {p.message}
                </button>
              ) : (
                <span>{p.message}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
