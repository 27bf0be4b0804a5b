import type { AppDispatch, RootState } from '../../store/store.ts';
import type { GraphDoc } from '../graph/graph-doc.ts';
import { laidOut } from '../graph/graphSlice.ts';
import { noticeShown } from '../ui/uiSlice.ts';

export type Sizes = ReadonlyMap<string, { width: number; height: number }>;

/** Used for nodes the canvas has not measured yet. */
const DEFAULT_SIZE = { width: 220, height: 110 };

/** Left-to-right layered positions from ELK; loaded on first use, as it is larger than the rest of the editor. */
export async function layeredPositions(doc: GraphDoc, sizes: Sizes): Promise<Record<string, { x: number; y: number }>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      // Ties keep the order of the graph, so the same graph always lays out the same way.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? DEFAULT_SIZE) })),
    edges: doc.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return Object.fromEntries((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}

export const autoLayout = (sizes: Sizes) => async (dispatch: AppDispatch, getState: () => RootState) => {
  const doc = getState().graph.doc;
  if (doc.nodes.length === 0) return;
  try {
    const positions = await layeredPositions(doc, sizes);
    // The graph may have changed while ELK worked; lay out only if it did not.
    if (getState().graph.doc === doc) dispatch(laidOut(positions));
  } catch (e) {
    dispatch(noticeShown({ tone: 'error', text: `Auto-layout failed: ${(e as Error).message}` }));
  }
};
