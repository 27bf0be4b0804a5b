import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { conflictDismissed, saveGraph } from '../graph/graphSlice.ts';
import { openGraph } from '../graph/graphSlice.ts';
import { noticeDismissed, selectNotice } from './uiSlice.ts';

/** The latest message for the trader, and the save conflict with its two ways out. */
export function Notice() {
  const dispatch = useAppDispatch();
  const notice = useAppSelector(selectNotice);
  const conflict = useAppSelector((s) => s.graph.conflict);
  const graphId = useAppSelector((s) => s.graph.id);
  return (
    <>
      {conflict && (
        <div className="lf-notice is-error" role="alert">
          <span>{conflict}</span>
          <button type="button" onClick={() => void dispatch(saveGraph({ overwrite: true }))}>
            Overwrite with my edits
          </button>
          <button type="button" onClick={() => graphId && void dispatch(openGraph(graphId))}>
            Reload (lose my edits)
          </button>
          <button type="button" onClick={() => dispatch(conflictDismissed())}>
            Keep editing
          </button>
        </div>
      )}
      {notice && (
        <div className={`lf-notice ${notice.tone === 'error' ? 'is-error' : 'is-info'}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dispatch(noticeDismissed())}>
            ×
          </button>
        </div>
      )}
    </>
  );
}
