import { useAppDispatch, useAppSelector } from '../store/hooks.ts';
import { TestRunPanel } from '../features/testrun/TestRunPanel.tsx';
import { ValidationPanel } from '../features/validation/ValidationPanel.tsx';
import { VersionsPanel } from '../features/versions/VersionsPanel.tsx';
import { bottomTabShown, selectBottomTab, type BottomTab } from '../features/ui/uiSlice.ts';

const TABS: Array<{ id: BottomTab; label: string }> = [
  { id: 'problems', label: 'Problems' },
  { id: 'test-run', label: 'Test run' },
  { id: 'versions', label: 'Versions' },
];

/** Problems, test run and versions under the canvas, one at a time. */
export function BottomPanel() {
  const dispatch = useAppDispatch();
  const tab = useAppSelector(selectBottomTab);
  const problemCount = useAppSelector((s) => s.validation.problems.length);
  return (
    <div className="lf-bottom">
      <div role="tablist" aria-label="Panels">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            onClick={() => dispatch(bottomTabShown(t.id))}
          >
            {t.label}
            {t.id === 'problems' && problemCount > 0 ? ` (${problemCount})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'problems' && <ValidationPanel />}
        {tab === 'test-run' && <TestRunPanel />}
        {tab === 'versions' && <VersionsPanel />}
      </div>
    </div>
  );
}
