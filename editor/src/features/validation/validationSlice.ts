import { createSlice } from '@reduxjs/toolkit';
import { z } from 'zod';
import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { problemSchema, publishedSchema, validationSchema, type Problem } from '../../api/schemas.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import type { GraphDoc } from '../graph/graph-doc.ts';
import { openGraph } from '../graph/graphSlice.ts';
import { saveFirst } from '../graph/save-first.ts';

export const validateGraph = createAppAsyncThunk('validation/validate', async (_: void, { dispatch, getState, extra, rejectWithValue }) => {
  try {
    await saveFirst(dispatch, getState);
    const id = getState().graph.id!;
    const result = await extra.api.request('POST', `/api/graphs/${encodeURIComponent(id)}/validate`, validationSchema);
    return { ...result, doc: getState().graph.doc };
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});

/** Freezes the saved draft as the next version; an invalid graph is refused with its problems. */
export const publishGraph = createAppAsyncThunk('validation/publish', async (_: void, { dispatch, getState, extra, rejectWithValue }) => {
  try {
    await saveFirst(dispatch, getState);
    const id = getState().graph.id!;
    const published = await extra.api.request('POST', `/api/graphs/${encodeURIComponent(id)}/publish`, publishedSchema);
    dispatch(legflowApi.util.invalidateTags(['Versions', 'Graphs']));
    return { ...published, doc: getState().graph.doc };
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});

export interface ValidationState {
  status: 'unchecked' | 'checking' | 'checked' | 'failed';
  problems: Problem[];
  /** The document the problems were found in: after an edit they may be out of date. */
  checkedDoc: GraphDoc | null;
  error: string | null;
}

const initialState: ValidationState = { status: 'unchecked', problems: [], checkedDoc: null, error: null };

const problemList = z.array(problemSchema);

export const validationSlice = createSlice({
  name: 'validation',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(openGraph.pending, () => initialState)
      .addCase(validateGraph.pending, (state) => {
        state.status = 'checking';
        state.error = null;
      })
      .addCase(validateGraph.fulfilled, (state, { payload }) => {
        state.status = 'checked';
        state.problems = payload.problems;
        state.checkedDoc = payload.doc;
      })
      .addCase(validateGraph.rejected, (state, { payload }) => {
        state.status = 'failed';
        state.error = payload?.message ?? 'Validation failed.';
      })
      .addCase(publishGraph.fulfilled, (state, { payload }) => {
        state.status = 'checked';
        state.problems = [];
        state.checkedDoc = payload.doc;
      })
      .addCase(publishGraph.rejected, (state, { payload }) => {
        // A refused publish lists the same problems validation would.
        const problems = problemList.safeParse(payload?.details.problems);
        if (problems.success) {
          state.status = 'checked';
          state.problems = problems.data;
        }
      });
  },
});

type WithValidation = { validation: ValidationState; graph: { doc: GraphDoc } };
export const selectValidation = (s: WithValidation) => s.validation;
export const selectProblemsAreStale = (s: WithValidation) => s.validation.checkedDoc !== null && s.validation.checkedDoc !== s.graph.doc;
