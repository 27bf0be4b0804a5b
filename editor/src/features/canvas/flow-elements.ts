import { createSelector } from '@reduxjs/toolkit';
import type { Edge, Node } from '@xyflow/react';
import type { MessageSummary, NodeType } from '../../api/schemas.ts';
import { nodeSummary } from '../catalog/definitions.ts';
import { outputLabel } from './port-labels.ts';
import { selectCatalog, type CatalogEntry } from '../catalog/node-types.ts';
import type { GraphNode } from '../graph/graph-doc.ts';
import { selectDoc, selectSelection } from '../graph/graphSlice.ts';
import { edgeValues, selectNodeTraces, type NodeTrace } from '../testrun/trace-view.ts';
import { selectTestRun } from '../testrun/testRunSlice.ts';
import { selectNodeProblems } from '../validation/node-status.ts';

export interface LegflowNodeData extends Record<string, unknown> {
  title: string;
  /** The node type's title when the node has a label of its own. */
  typeTitle: string | null;
  summary: string;
  type: NodeType | null;
  /** Output port name → its label on this node (a switch shows the value each case routes). */
  outputLabels: Record<string, string>;
  problems: string[];
  trace: NodeTrace | null;
}
export type FlowNode = Node<LegflowNodeData, 'legflow'>;

export interface TraceEdgeData extends Record<string, unknown> {
  /** What the last test run sent along this edge; null when there is no trace. */
  values: MessageSummary[] | null;
}
export type FlowEdge = Edge<TraceEdgeData, 'trace'>;

const NO_PROBLEMS: string[] = [];

/**
 * Canvas nodes from the graph: an unchanged node keeps its object, so React Flow keeps its measurements and
 * React skips re-rendering it.
 */
function flowNodeCache() {
  const cache = new WeakMap<GraphNode, { key: string; flow: FlowNode }>();
  return (node: GraphNode, type: CatalogEntry | undefined, selected: boolean, problems: string[], trace: NodeTrace | null): FlowNode => {
    const key = JSON.stringify([type?.type, selected, problems, trace]);
    const hit = cache.get(node);
    if (hit && hit.key === key) return hit.flow;
    const flow: FlowNode = {
      id: node.id,
      type: 'legflow',
      position: node.position,
      selected,
      data: {
        title: node.label ?? type?.title ?? node.type,
        typeTitle: node.label ? (type?.title ?? node.type) : null,
        summary: type ? nodeSummary(type.definition, node.params) : '',
        type: type ?? null,
        outputLabels: Object.fromEntries((type?.outputs ?? []).map((p) => [p.name, outputLabel(type!, p, node.params)])),
        problems,
        trace,
      },
    };
    cache.set(node, { key, flow });
    return flow;
  };
}

const toFlowNode = flowNodeCache();

export const selectFlowNodes = createSelector(
  [selectDoc, selectCatalog, selectSelection, selectNodeProblems, selectNodeTraces],
  (doc, types, selection, problems, traces): FlowNode[] => {
    const selected = new Set(selection.nodes);
    return doc.nodes.map((n) => toFlowNode(n, types.get(n.type), selected.has(n.id), problems.get(n.id) ?? NO_PROBLEMS, traces?.get(n.id) ?? null));
  },
);

export const selectFlowEdges = createSelector([selectDoc, selectSelection, selectTestRun], (doc, selection, testRun): FlowEdge[] => {
  const selected = new Set(selection.edges);
  return doc.edges.map((e) => ({
    id: e.id,
    type: 'trace',
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    selected: selected.has(e.id),
    data: { values: testRun.run ? edgeValues(testRun.run, e) : null },
  }));
});
