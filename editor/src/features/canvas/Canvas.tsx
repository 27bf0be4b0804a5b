import {
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection as FlowConnection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { useAppDispatch, useAppSelector, useAppStore } from '../../store/hooks.ts';
import { selectCatalog } from '../catalog/node-types.ts';
import type { Connection } from '../graph/graph-doc.ts';
import { connected, nodeAdded, nodesMoved, selectDoc, selectionChanged, type Selection } from '../graph/graphSlice.ts';
import { connectionProblem } from '../graph/port-kinds.ts';
import { noticeShown, selectFocus } from '../ui/uiSlice.ts';
import { newNodeOf } from './add-node.ts';
import type { Sizes } from './auto-layout.ts';
import { DRAG_TYPE, FAR_ZOOM, GRID, MINIMAP_NODE_LIMIT } from './canvas-config.ts';
import { GridBackground } from './GridBackground.tsx';
import { selectFlowEdges, selectFlowNodes, type FlowEdge, type FlowNode } from './flow-elements.ts';
import { LegflowNode } from './LegflowNode.tsx';
import { TraceEdge } from './TraceEdge.tsx';
import { useMeasuredNodes } from './use-measured-nodes.ts';
import { useShortcuts } from './use-shortcuts.ts';

const nodeTypes = { legflow: LegflowNode };
const edgeTypes = { trace: TraceEdge };

const asConnection = (c: FlowConnection): Connection | null =>
  c.sourceHandle && c.targetHandle ? { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle } : null;

function nextSelection(current: Selection, changes: Array<{ type: string; id?: string; selected?: boolean }>, key: keyof Selection): Selection {
  const ids = new Set(current[key]);
  for (const c of changes) {
    if (c.type !== 'select' || !c.id) continue;
    if (c.selected) ids.add(c.id);
    else ids.delete(c.id);
  }
  return { ...current, [key]: [...ids] };
}

/** The graph on an xyflow canvas: every edit goes through the graph slice, so undo covers it. */
export function Canvas({ onSizes }: { onSizes?: (sizes: Sizes) => void }) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const doc = useAppSelector(selectDoc);
  const types = useAppSelector(selectCatalog);
  const flowNodes = useAppSelector(selectFlowNodes);
  const edges = useAppSelector(selectFlowEdges);
  const focus = useAppSelector(selectFocus);
  const { nodes, onDimensions, sizes } = useMeasuredNodes(flowNodes);
  const { fitView, screenToFlowPosition } = useReactFlow();
  // Only a change across the threshold renders the canvas again, never each frame of a pan or zoom.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  useShortcuts(sizes);

  useEffect(() => onSizes?.(sizes), [onSizes, sizes]);

  // Bring a node asked for (a validation problem, a trace step) into view.
  useEffect(() => {
    if (focus) void fitView({ nodes: [{ id: focus.nodeId }], duration: 300, maxZoom: 1.25 });
  }, [focus, fitView]);

  const select = useCallback(
    (changes: Array<{ type: string; id?: string; selected?: boolean }>, key: keyof Selection) => {
      if (!changes.some((c) => c.type === 'select')) return;
      const current = store.getState().graph.selection;
      const next = nextSelection(current, changes, key);
      if (next[key].join() !== current[key].join()) dispatch(selectionChanged(next));
    },
    [dispatch, store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      onDimensions(changes);
      select(changes, 'nodes');
      const moves = changes.flatMap((c) => (c.type === 'position' && c.position ? [{ id: c.id, position: c.position, dragging: c.dragging ?? false }] : []));
      if (moves.length > 0) dispatch(nodesMoved({ moves: moves.map(({ id, position }) => ({ id, position })), done: !moves.some((m) => m.dragging) }));
    },
    [dispatch, onDimensions, select],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => select(changes, 'edges'), [select]);

  const isValidConnection = useCallback(
    (c: FlowConnection | FlowEdge) => {
      const connection = asConnection(c as FlowConnection);
      return connection !== null && connectionProblem(doc, types, connection) === null;
    },
    [doc, types],
  );

  const onConnect = useCallback(
    (c: FlowConnection) => {
      const connection = asConnection(c);
      if (connection && connectionProblem(store.getState().graph.doc, types, connection) === null) dispatch(connected(connection));
    },
    [dispatch, store, types],
  );

  // A refused connection says why, instead of silently snapping back.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromHandle?.id || !state.toHandle?.id || !state.fromNode || !state.toNode) return;
      const fromSource = state.fromHandle.type === 'source';
      const [from, to] = fromSource ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      const connection = { source: from.nodeId, sourceHandle: from.id!, target: to.nodeId, targetHandle: to.id! };
      const problem = connectionProblem(store.getState().graph.doc, types, connection);
      if (problem) dispatch(noticeShown({ tone: 'error', text: `Cannot connect: ${problem}` }));
    },
    [dispatch, store, types],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = types.get(e.dataTransfer.getData(DRAG_TYPE));
      if (!type) return;
      e.preventDefault();
      dispatch(nodeAdded(newNodeOf(type, screenToFlowPosition({ x: e.clientX, y: e.clientY }))));
    },
    [dispatch, screenToFlowPosition, types],
  );

  // null: the default for the graph's size; a click on the button decides from then on.
  const [miniMapChoice, setMiniMapChoice] = useState<boolean | null>(null);
  const showMiniMap = miniMapChoice ?? nodes.length <= MINIMAP_NODE_LIMIT;

  return (
    <div className={far ? 'lf-canvas is-far' : 'lf-canvas'} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        snapToGrid
        snapGrid={GRID}
        fitView
        minZoom={0.1}
        defaultEdgeOptions={{ type: 'trace' }}
      >
        <GridBackground />
        {showMiniMap && <MiniMap pannable zoomable ariaLabel="Mini map of the graph" />}
        <Panel position="bottom-right" className="lf-minimap-toggle" style={showMiniMap ? { marginBottom: 170 } : undefined}>
          <button type="button" aria-pressed={showMiniMap} onClick={() => setMiniMapChoice(!showMiniMap)}>
            {showMiniMap ? 'Hide mini map' : 'Show mini map'}
          </button>
        </Panel>
        <Controls />
      </ReactFlow>
    </div>
  );
}
