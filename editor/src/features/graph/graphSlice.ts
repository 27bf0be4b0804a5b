import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import {
  docOf,
  emptyDoc,
  freeEdgeId,
  graphJson,
  nodeIdFor,
  rekeyFragment,
  sameConnection,
  type Connection,
  type Fragment,
  type GraphDoc,
  type GraphNode,
} from './graph-doc.ts';
import { recordEdit, redo, undo } from './history.ts';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface GraphState {
  id: string | null;
  rev: number | null;
  doc: GraphDoc;
  past: GraphDoc[];
  future: GraphDoc[];
  /** The document as the server last stored it: unsaved changes are `doc !== savedDoc`. */
  savedDoc: GraphDoc | null;
  selection: Selection;
  /** A node drag in progress has recorded its one history entry already. */
  dragging: boolean;
  load: 'idle' | 'loading' | 'ready' | 'failed';
  loadError: string | null;
  saving: boolean;
  /** Set when a save was refused because the graph changed elsewhere; local edits are kept. */
  conflict: string | null;
}

const initialState: GraphState = {
  id: null,
  rev: null,
  doc: emptyDoc(),
  past: [],
  future: [],
  savedDoc: null,
  selection: { nodes: [], edges: [] },
  dragging: false,
  load: 'idle',
  loadError: null,
  saving: false,
  conflict: null,
};

export interface NewNode {
  type: string;
  typeVersion: number;
  params: Record<string, unknown>;
  position: { x: number; y: number };
  label?: string;
}

function newNode(doc: GraphDoc, spec: NewNode): GraphNode {
  return { id: nodeIdFor(spec.type, doc), ...spec, params: structuredClone(spec.params) };
}

function addEdge(doc: GraphDoc, c: Connection): void {
  if (doc.edges.some((e) => sameConnection(e, c))) return;
  doc.edges.push({ id: freeEdgeId(new Set(doc.edges.map((e) => e.id))), ...c });
}

function pruneSelection(state: GraphState): void {
  const nodes = new Set(state.doc.nodes.map((n) => n.id));
  const edges = new Set(state.doc.edges.map((e) => e.id));
  state.selection = { nodes: state.selection.nodes.filter((id) => nodes.has(id)), edges: state.selection.edges.filter((id) => edges.has(id)) };
}

export const openGraph = createAppAsyncThunk('graph/open', async (id: string, { dispatch, rejectWithValue }) => {
  try {
    return await dispatch(legflowApi.endpoints.graph.initiate(id, { subscribe: false, forceRefetch: true })).unwrap();
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});

/** Saves the draft with the rev it was loaded at; the server refuses (409) if someone saved in between. */
export const saveGraph = createAppAsyncThunk(
  'graph/save',
  async (options: { overwrite?: boolean } | undefined, { dispatch, getState, rejectWithValue }) => {
    const { id, rev, doc } = getState().graph;
    if (!id || rev === null) return rejectWithValue({ status: 0, code: 'not_open', message: 'No graph is open.', details: {} });
    try {
      // Overwriting after a conflict: save on top of whatever rev the server holds now.
      const baseRev = options?.overwrite
        ? (await dispatch(legflowApi.endpoints.graph.initiate(id, { subscribe: false, forceRefetch: true })).unwrap()).rev
        : rev;
      const saved = await dispatch(legflowApi.endpoints.saveGraph.initiate({ id, graph: graphJson(doc, id), rev: baseRev })).unwrap();
      return { rev: saved.rev, doc };
    } catch (e) {
      return rejectWithValue(errorBodyOf(e));
    }
  },
  { condition: (_options, { getState }) => !getState().graph.saving },
);

export const graphSlice = createSlice({
  name: 'graph',
  initialState,
  reducers: {
    nodeAdded(state, { payload }: PayloadAction<NewNode>) {
      recordEdit(state);
      const node = newNode(state.doc, payload);
      state.doc.nodes.push(node);
      state.selection = { nodes: [node.id], edges: [] };
    },
    /** Splits an edge with a new node: source → node's input, node's output → target. */
    nodeInsertedOnEdge(state, { payload }: PayloadAction<{ edgeId: string; node: NewNode; input: string; output: string }>) {
      const edge = state.doc.edges.find((e) => e.id === payload.edgeId);
      if (!edge) return;
      recordEdit(state);
      const node = newNode(state.doc, payload.node);
      state.doc.nodes.push(node);
      state.doc.edges = state.doc.edges.filter((e) => e.id !== edge.id);
      addEdge(state.doc, { source: edge.source, sourceHandle: edge.sourceHandle, target: node.id, targetHandle: payload.input });
      addEdge(state.doc, { source: node.id, sourceHandle: payload.output, target: edge.target, targetHandle: edge.targetHandle });
      state.selection = { nodes: [node.id], edges: [] };
    },
    /** Positions while dragging; a whole drag is one undo step, recorded when it starts. */
    nodesMoved(state, { payload }: PayloadAction<{ moves: Array<{ id: string; position: { x: number; y: number } }>; done: boolean }>) {
      if (!state.dragging) recordEdit(state);
      state.dragging = !payload.done;
      for (const { id, position } of payload.moves) {
        const node = state.doc.nodes.find((n) => n.id === id);
        if (node) node.position = position;
      }
    },
    connected(state, { payload }: PayloadAction<Connection>) {
      if (state.doc.edges.some((e) => sameConnection(e, payload))) return;
      recordEdit(state);
      addEdge(state.doc, payload);
    },
    elementsDeleted(state, { payload }: PayloadAction<Selection>) {
      const nodes = new Set(payload.nodes);
      const edges = new Set(payload.edges);
      if (!state.doc.nodes.some((n) => nodes.has(n.id)) && !state.doc.edges.some((e) => edges.has(e.id))) return;
      recordEdit(state);
      state.doc.nodes = state.doc.nodes.filter((n) => !nodes.has(n.id));
      state.doc.edges = state.doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target));
      pruneSelection(state);
    },
    paramsCommitted(state, { payload }: PayloadAction<{ nodeId: string; params: Record<string, unknown> }>) {
      const node = state.doc.nodes.find((n) => n.id === payload.nodeId);
      if (!node || JSON.stringify(node.params) === JSON.stringify(payload.params)) return;
      recordEdit(state);
      state.doc.nodes.find((n) => n.id === payload.nodeId)!.params = payload.params;
    },
    nodeRelabelled(state, { payload }: PayloadAction<{ nodeId: string; label: string }>) {
      const node = state.doc.nodes.find((n) => n.id === payload.nodeId);
      const label = payload.label.trim();
      if (!node || (node.label ?? '') === label) return;
      recordEdit(state);
      const target = state.doc.nodes.find((n) => n.id === payload.nodeId)!;
      if (label) target.label = label;
      else delete target.label;
    },
    detailsEdited(state, { payload }: PayloadAction<{ name?: string; description?: string }>) {
      const name = payload.name ?? state.doc.name;
      const description = payload.description ?? state.doc.description;
      if (name === state.doc.name && description === state.doc.description) return;
      recordEdit(state);
      state.doc.name = name;
      state.doc.description = description;
    },
    fragmentPasted(state, { payload }: PayloadAction<{ fragment: Fragment; offset: { x: number; y: number } }>) {
      if (payload.fragment.nodes.length === 0) return;
      recordEdit(state);
      const pasted = rekeyFragment(payload.fragment, state.doc, payload.offset);
      state.doc.nodes.push(...pasted.nodes);
      state.doc.edges.push(...pasted.edges);
      state.selection = { nodes: pasted.nodes.map((n) => n.id), edges: [] };
    },
    laidOut(state, { payload }: PayloadAction<Record<string, { x: number; y: number }>>) {
      recordEdit(state);
      for (const node of state.doc.nodes) {
        const position = payload[node.id];
        if (position) node.position = position;
      }
    },
    /** Import from a file or restore a published version: one undoable edit; the graph keeps its id and rev. */
    documentReplaced(state, { payload }: PayloadAction<GraphDoc>) {
      recordEdit(state);
      state.doc = payload;
      state.selection = { nodes: [], edges: [] };
    },
    undone(state) {
      if (undo(state)) pruneSelection(state);
    },
    redone(state) {
      if (redo(state)) pruneSelection(state);
    },
    selectionChanged(state, { payload }: PayloadAction<Selection>) {
      state.selection = payload;
    },
    conflictDismissed(state) {
      state.conflict = null;
    },
    closed() {
      return initialState;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(openGraph.pending, (_state, { meta }) => ({ ...initialState, id: meta.arg, load: 'loading' as const }))
      .addCase(openGraph.fulfilled, (_state, { payload }) => {
        const doc = docOf(payload.graph);
        return { ...initialState, id: payload.id, rev: payload.rev, doc, savedDoc: doc, load: 'ready' as const };
      })
      .addCase(openGraph.rejected, (state, { payload, error }) => {
        state.load = 'failed';
        state.loadError = payload?.message ?? error.message ?? 'The graph could not be opened.';
      })
      .addCase(saveGraph.pending, (state) => {
        state.saving = true;
      })
      .addCase(saveGraph.fulfilled, (state, { payload }) => {
        state.saving = false;
        state.rev = payload.rev;
        state.savedDoc = payload.doc;
        state.conflict = null;
      })
      .addCase(saveGraph.rejected, (state, { payload }) => {
        state.saving = false;
        if (payload?.status === 409) {
          state.conflict = `${payload.message} Your edits are still here: overwrite the stored draft with them, or reload and lose them.`;
        }
      });
  },
});

export const {
  nodeAdded,
  nodeInsertedOnEdge,
  nodesMoved,
  connected,
  elementsDeleted,
  paramsCommitted,
  nodeRelabelled,
  detailsEdited,
  fragmentPasted,
  laidOut,
  documentReplaced,
  undone,
  redone,
  selectionChanged,
  conflictDismissed,
  closed,
} = graphSlice.actions;

type WithGraph = { graph: GraphState };
export const selectDoc = (s: WithGraph) => s.graph.doc;
export const selectGraphId = (s: WithGraph) => s.graph.id;
export const selectSelection = (s: WithGraph) => s.graph.selection;
export const selectIsDirty = (s: WithGraph) => s.graph.savedDoc !== null && s.graph.doc !== s.graph.savedDoc;
export const selectCanUndo = (s: WithGraph) => s.graph.past.length > 0;
export const selectCanRedo = (s: WithGraph) => s.graph.future.length > 0;
export const selectSelectedNode = (s: WithGraph) =>
  s.graph.selection.nodes.length === 1 ? s.graph.doc.nodes.find((n) => n.id === s.graph.selection.nodes[0]) : undefined;
