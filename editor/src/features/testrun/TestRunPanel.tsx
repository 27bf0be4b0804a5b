import { useId } from 'react';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { selectionChanged } from '../graph/graphSlice.ts';
import { nodeFocusRequested } from '../ui/uiSlice.ts';
import { sampleSignalFor } from './sample-signal.ts';
import { formatDuration } from './trace-view.ts';
import { runTest, sampleEdited, selectTestRun, traceCleared } from './testRunSlice.ts';

/** The sample-signal editor and the run's outcome, step by step; the canvas shows the same trace. */
export function TestRunPanel() {
  const dispatch = useAppDispatch();
  const { sample, status, run, error } = useAppSelector(selectTestRun);
  const doc = useAppSelector((s) => s.graph.doc);
  const id = useId();

  return (
    <section className="lf-panel lf-test-run" aria-label="Test run">
      <div className="lf-sample">
        <label htmlFor={id}>Sample signal (JSON), as the source would receive it</label>
        <textarea id={id} rows={8} spellCheck={false} value={sample} onChange={(e) => dispatch(sampleEdited(e.target.value))} />
        <div className="lf-row">
          <button type="button" onClick={() => void dispatch(runTest())} disabled={status === 'running'}>
            {status === 'running' ? 'Running…' : 'Run sample'}
          </button>
          <button type="button" onClick={() => dispatch(sampleEdited(sampleSignalFor(doc)))}>
            Reset to the alert message
          </button>
          {run && (
            <button type="button" onClick={() => dispatch(traceCleared())}>
              Clear trace
            </button>
          )}
        </div>
        <p className="lf-muted">A test run goes through the saved draft against the SIM market and places no order.</p>
      </div>
      <div className="lf-trace" aria-live="polite">
        {error && (
          <p role="alert" className="lf-error-text">
            {error}
          </p>
        )}
        {run && (
          <>
            <p role="status">
              Run {run.status} in {formatDuration(run.durationUs)} · {run.steps.length} step(s)
            </p>
            <ol>
              {run.steps.map((step, i) => (
                <li key={`${step.nodeId}-${i}`} className={step.status === 'failed' ? 'is-failed' : 'is-ok'}>
                  <button
                    type="button"
                    className="lf-link"
                    onClick={() => {
                      dispatch(selectionChanged({ nodes: [step.nodeId], edges: [] }));
                      dispatch(nodeFocusRequested(step.nodeId));
                    }}
                  >
                    {step.status === 'failed' ? '✗' : '✓'} {step.label || step.nodeId} · {formatDuration(step.durationUs)}
                  </button>
                  {step.error && <div className="lf-error-text">{step.error}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}
