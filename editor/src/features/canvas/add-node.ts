import type { NodeType } from '../../api/schemas.ts';
import type { AppDispatch, RootState } from '../../store/store.ts';
import { selectCatalog } from '../catalog/node-types.ts';
import { nodeIdFor, type GraphDoc } from '../graph/graph-doc.ts';
import { nodeAdded, nodeInsertedOnEdge, type NewNode } from '../graph/graphSlice.ts';
import { connectionProblem } from '../graph/port-kinds.ts';
import { noticeShown } from '../ui/uiSlice.ts';

export const newNodeOf = (type: NodeType, position: { x: number; y: number }): NewNode => ({
  type: type.type,
  typeVersion: type.version,
  params: type.defaults,
  position,
});

/**
 * Adds a node from the palette. With one connection selected, the node goes onto it (source → node →
 * target) when its ports fit both ends; otherwise it is placed at `position`.
 */
export function addFromPalette(type: NodeType, position: { x: number; y: number }) {
  return (dispatch: AppDispatch, getState: () => RootState) => {
    const { doc, selection } = getState().graph;
    const edge = selection.edges.length === 1 && selection.nodes.length === 0 ? doc.edges.find((e) => e.id === selection.edges[0]) : undefined;
    if (!edge) {
      dispatch(nodeAdded(newNodeOf(type, position)));
      return;
    }
    const problem = insertionProblem(doc, selectCatalog(getState()), type, edge.id);
    if (typeof problem === 'string') {
      dispatch(noticeShown({ tone: 'error', text: `${type.title} cannot go on that connection: ${problem}` }));
      return;
    }
    const source = doc.nodes.find((n) => n.id === edge.source)!;
    const target = doc.nodes.find((n) => n.id === edge.target)!;
    const middle = { x: (source.position.x + target.position.x) / 2, y: (source.position.y + target.position.y) / 2 + 40 };
    dispatch(nodeInsertedOnEdge({ edgeId: edge.id, node: newNodeOf(type, middle), ...problem }));
  };
}

/** The ports a node of `type` would use on the edge, or why it does not fit there. */
export function insertionProblem(
  doc: GraphDoc,
  types: ReadonlyMap<string, NodeType>,
  type: NodeType,
  edgeId: string,
): string | { input: string; output: string } {
  const edge = doc.edges.find((e) => e.id === edgeId);
  const input = type.inputs[0];
  const output = type.outputs[0];
  if (!edge) return 'the connection is gone';
  if (!input || !output) return 'it needs an input and an output';
  const id = nodeIdFor(type.type, doc);
  const withNode: GraphDoc = {
    ...doc,
    nodes: [...doc.nodes, { id, type: type.type, typeVersion: type.version, position: { x: 0, y: 0 }, params: type.defaults }],
    edges: doc.edges.filter((e) => e.id !== edgeId),
  };
  const first = { source: edge.source, sourceHandle: edge.sourceHandle, target: id, targetHandle: input.name };
  const firstProblem = connectionProblem(withNode, types, first);
  if (firstProblem) return firstProblem;
  const withFirst = { ...withNode, edges: [...withNode.edges, { id: '__insert', ...first }] };
  const secondProblem = connectionProblem(withFirst, types, { source: id, sourceHandle: output.name, target: edge.target, targetHandle: edge.targetHandle });
  return secondProblem ?? { input: input.name, output: output.name };
}
