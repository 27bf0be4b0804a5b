import { useAppDispatch } from '../../store/hooks.ts';
import { navigated, type Page } from './uiSlice.ts';

/** The "← Graphs" link at the start of a page's header: back to the page it names. */
export function BackLink({ to, label }: { to: Page; label: string }) {
  const dispatch = useAppDispatch();
  return (
    <button type="button" className="lf-link" onClick={() => dispatch(navigated(to))}>
      ← {label}
    </button>
  );
}
