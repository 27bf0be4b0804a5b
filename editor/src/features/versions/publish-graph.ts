import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import { saveFirst } from '../graph/save-first.ts';

/** Freezes the saved draft as the next version; an invalid graph is refused with its problems. */
export const publishGraph = createAppAsyncThunk('versions/publish', async (_: void, { dispatch, getState, rejectWithValue }) => {
  try {
    await saveFirst(dispatch, getState);
    const id = getState().graph.id!;
    const published = await dispatch(legflowApi.endpoints.publishGraph.initiate(id)).unwrap();
    return { ...published, doc: getState().graph.doc };
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});
