import { z } from 'zod';
import { errorBodyOf } from '../../api/client.ts';
import { graphSchema } from '../../api/schemas.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import { docOf } from '../graph/graph-doc.ts';
import { documentReplaced } from '../graph/graphSlice.ts';
import { noticeShown } from '../ui/uiSlice.ts';

const versionSchema = z.object({ version: z.number(), graph: graphSchema });

/** Brings a published version back into the draft as one undoable edit; saving makes it the draft. */
export const restoreVersion = createAppAsyncThunk('versions/restore', async (version: number, { dispatch, getState, extra, rejectWithValue }) => {
  try {
    const id = getState().graph.id!;
    const found = await extra.api.request('GET', `/api/graphs/${encodeURIComponent(id)}/versions/${version}`, versionSchema);
    dispatch(documentReplaced(docOf(found.graph)));
    dispatch(noticeShown({ tone: 'info', text: `Version ${version} is in the draft now; save to keep it, or undo.` }));
  } catch (e) {
    const error = errorBodyOf(e);
    dispatch(noticeShown({ tone: 'error', text: error.message }));
    return rejectWithValue(error);
  }
});
