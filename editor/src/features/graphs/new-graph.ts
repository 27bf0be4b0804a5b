import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import { emptyDoc, graphJson } from '../graph/graph-doc.ts';
import { navigated } from '../ui/uiSlice.ts';

/** Creates a graph, blank or from a template, and opens it in the editor. */
export const createGraphFrom = createAppAsyncThunk('graphs/create', async (templateId: string | null, { dispatch, rejectWithValue }) => {
  try {
    const graph = templateId
      ? { ...(await dispatch(legflowApi.endpoints.template.initiate(templateId, { subscribe: false })).unwrap()), id: undefined, rev: undefined }
      : graphJson(emptyDoc());
    const { id } = await dispatch(legflowApi.endpoints.createGraph.initiate(graph)).unwrap();
    dispatch(navigated({ name: 'editor', graphId: id }));
    return id;
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});
