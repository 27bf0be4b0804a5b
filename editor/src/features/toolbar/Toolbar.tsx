import { useId, useState, type ReactNode } from 'react';
import { useVersionsQuery } from '../../api/legflow-api.ts';
import { useAppDispatch, useAppSelector, useAppStore } from '../../store/hooks.ts';
import { autoLayout, type Sizes } from '../canvas/auto-layout.ts';
import { DeployDialog } from '../deploy/DeployDialog.tsx';
import { redone, saveGraph, selectCanRedo, selectCanUndo, selectIsDirty, undone } from '../graph/graphSlice.ts';
import { runTest, selectTestRun } from '../testrun/testRunSlice.ts';
import { bottomTabShown, navigated, noticeShown, shortcutsToggled } from '../ui/uiSlice.ts';
import { selectValidation, validateGraph } from '../validation/validationSlice.ts';
import { publishGraph } from '../versions/publish-graph.ts';
import { download, exportFile, importText } from './import-export.ts';

function Button({
  testId,
  onClick,
  disabled,
  title,
  children,
}: {
  testId?: string;
  onClick: () => void;
  disabled?: boolean;
  title?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" data-testid={testId} onClick={onClick} disabled={disabled} title={title}>
      {children}
    </button>
  );
}

/** Save, validate, publish, test run, deploy; undo and redo; layout; import and export; help. */
export function Toolbar({ sizes }: { sizes: Sizes }) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const { saving, conflict } = useAppSelector((s) => s.graph);
  const name = useAppSelector((s) => s.graph.doc.name);
  const dirty = useAppSelector(selectIsDirty);
  const canUndo = useAppSelector(selectCanUndo);
  const canRedo = useAppSelector(selectCanRedo);
  const validation = useAppSelector(selectValidation);
  const testRun = useAppSelector(selectTestRun);
  const importId = useId();
  const graphId = useAppSelector((s) => s.graph.id);
  const { data: versions = [] } = useVersionsQuery(graphId ?? '', { skip: !graphId });
  const [deploying, setDeploying] = useState(false);

  const publish = async () => {
    const result = await dispatch(publishGraph());
    if (publishGraph.fulfilled.match(result)) {
      dispatch(noticeShown({ tone: 'info', text: `Published version ${result.payload.version}.` }));
      dispatch(bottomTabShown('versions'));
    } else {
      dispatch(noticeShown({ tone: 'error', text: result.payload?.message ?? 'Publishing failed.' }));
      dispatch(bottomTabShown('problems'));
    }
  };

  return (
    <header className="lf-toolbar" role="toolbar" aria-label="Graph">
      <Button onClick={() => dispatch(navigated({ name: 'graphs' }))} title="Back to your graphs">
        ← Graphs
      </Button>
      <h1 className="lf-graph-name">
        {name}
        <span className="lf-save-state" role="status">
          {saving ? 'Saving…' : conflict ? 'Not saved: conflict' : dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </h1>
      <Button onClick={() => dispatch(undone())} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </Button>
      <Button onClick={() => dispatch(redone())} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </Button>
      <Button onClick={() => void dispatch(autoLayout(sizes))} title="Arrange left to right (Shift+L)">
        Auto-layout
      </Button>
      <Button testId="save" onClick={() => void dispatch(saveGraph())} disabled={saving || !dirty} title="Save the draft (Ctrl+S)">
        Save
      </Button>
      <Button
        testId="validate"
        onClick={() => {
          dispatch(bottomTabShown('problems'));
          void dispatch(validateGraph());
        }}
        disabled={validation.status === 'checking'}
      >
        Validate
      </Button>
      <Button testId="publish" onClick={() => void publish()}>
        Publish
      </Button>
      <Button
        testId="test-run"
        onClick={() => {
          dispatch(bottomTabShown('test-run'));
          void dispatch(runTest());
        }}
        disabled={testRun.status === 'running'}
        title="Run the sample signal through the draft; places no order"
      >
        Test run
      </Button>
      <Button
        testId="deploy"
        onClick={() => setDeploying(true)}
        disabled={versions.length === 0}
        title={versions.length === 0 ? 'Publish a version first: deployments run published versions' : 'Run a published version in SIM or live'}
      >
        Deploy
      </Button>
      <Button onClick={() => dispatch(navigated({ name: 'deployments' }))} title="Your deployments and their live views">
        Deployments
      </Button>
      <Button
        onClick={() => {
          const file = exportFile(store.getState());
          download(file.name, file.text);
        }}
      >
        Export
      </Button>
      <label htmlFor={importId} className="lf-file-button">
        Import
      </label>
      <input
        id={importId}
        type="file"
        accept="application/json,.json"
        className="lf-visually-hidden"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) dispatch(importText(await file.text()));
        }}
      />
      <Button onClick={() => dispatch(shortcutsToggled(true))} title="Keyboard shortcuts (?)">
        ?
      </Button>
      {deploying && graphId && <DeployDialog graphId={graphId} onClose={() => setDeploying(false)} />}
    </header>
  );
}
