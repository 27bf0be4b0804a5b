import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useNodeTypesQuery } from '../api/legflow-api.ts';
import { useAppDispatch, useAppSelector } from '../store/hooks.ts';
import type { Sizes } from '../features/canvas/auto-layout.ts';
import { Canvas } from '../features/canvas/Canvas.tsx';
import { ShortcutsDialog } from '../features/canvas/ShortcutsDialog.tsx';
import { Inspector } from '../features/inspector/Inspector.tsx';
import { Palette } from '../features/palette/Palette.tsx';
import { Toolbar } from '../features/toolbar/Toolbar.tsx';
import { BottomPanel } from './BottomPanel.tsx';
import { Notice } from '../features/ui/Notice.tsx';
import { navigated } from '../features/ui/uiSlice.ts';
import { openGraph } from '../features/graph/graphSlice.ts';

const NO_SIZES: Sizes = new Map();

/** One graph: toolbar, palette, canvas, inspector and the panels below. */
export function EditorPage({ graphId }: { graphId: string }) {
  const dispatch = useAppDispatch();
  const { load, loadError, id } = useAppSelector((s) => s.graph);
  const [sizes, setSizes] = useState<Sizes>(NO_SIZES);
  useNodeTypesQuery();

  // Opening is fetching from the server, so it happens when the page shows a graph it does not hold yet.
  useEffect(() => {
    if (id !== graphId) void dispatch(openGraph(graphId));
  }, [dispatch, graphId, id]);

  if (load === 'failed') {
    return (
      <main className="lf-page">
        <p role="alert">{loadError}</p>
        <button type="button" onClick={() => dispatch(navigated({ name: 'graphs' }))}>
          Back to your graphs
        </button>
      </main>
    );
  }
  if (load !== 'ready' || id !== graphId) return <p className="lf-page">Opening the graph…</p>;

  return (
    <ReactFlowProvider>
      <div className="lf-editor">
        <Toolbar sizes={sizes} />
        <Notice />
        <Palette />
        <main className="lf-main">
          <Canvas onSizes={setSizes} />
          <BottomPanel />
        </main>
        <Inspector />
        <ShortcutsDialog />
      </div>
    </ReactFlowProvider>
  );
}
