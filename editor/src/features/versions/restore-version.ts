import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import { docOf } from '../graph/graph-doc.ts';
import { documentReplaced } from '../graph/graphSlice.ts';
import { noticeShown } from '../ui/uiSlice.ts';

/** Brings a published version back into the draft as one undoable edit; saving makes it the draft. */
export const restoreVersion = createAppAsyncThunk('versions/restore', async (version: number, { dispatch, getState, rejectWithValue }) => {
  try {
    const id = getState().graph.id!;
    const found = await dispatch(legflowApi.endpoints.version.initiate({ id, version }, { subscribe: false })).unwrap();
    dispatch(documentReplaced(docOf(found.graph)));
    dispatch(noticeShown({ tone: 'info', text: `Version ${version} is in the draft now; save to keep it, or undo.` }));
  } catch (e) {
    const error = errorBodyOf(e);
    dispatch(noticeShown({ tone: 'error', text: error.message }));
    return rejectWithValue(error);
  }
});
