import type { AppDispatch, RootState } from '../../store/store.ts';
import { fragmentOf } from '../graph/graph-doc.ts';
import { elementsDeleted, fragmentPasted, selectionChanged } from '../graph/graphSlice.ts';
import { copied, noticeShown } from '../ui/uiSlice.ts';

/** How far a paste lands from the copied nodes, so the copy is visible beside them. */
export const PASTE_OFFSET = { x: 40, y: 40 };

export const copySelection = () => (dispatch: AppDispatch, getState: () => RootState) => {
  const { doc, selection } = getState().graph;
  if (selection.nodes.length === 0) return;
  dispatch(copied(fragmentOf(doc, selection.nodes)));
  dispatch(noticeShown({ tone: 'info', text: `Copied ${selection.nodes.length} node(s).` }));
};

export const pasteClipboard = () => (dispatch: AppDispatch, getState: () => RootState) => {
  const clipboard = getState().ui.clipboard;
  if (clipboard) dispatch(fragmentPasted({ fragment: clipboard, offset: PASTE_OFFSET }));
};

export const deleteSelection = () => (dispatch: AppDispatch, getState: () => RootState) => {
  dispatch(elementsDeleted(getState().graph.selection));
};

export const selectAll = () => (dispatch: AppDispatch, getState: () => RootState) => {
  const { doc } = getState().graph;
  dispatch(selectionChanged({ nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) }));
};
