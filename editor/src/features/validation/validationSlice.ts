import { createSlice } from '@reduxjs/toolkit';
import { z } from 'zod';
import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import { problemSchema, type Problem } from '../../api/schemas.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import type { GraphDoc } from '../graph/graph-doc.ts';
import { openGraph } from '../graph/graphSlice.ts';
import { saveFirst } from '../graph/save-first.ts';
import { publishGraph } from '../versions/publish-graph.ts';

export const validateGraph = createAppAsyncThunk('validation/validate', async (_: void, { dispatch, getState, rejectWithValue }) => {
  try {
    await saveFirst(dispatch, getState);
    const id = getState().graph.id!;
    const result = await dispatch(legflowApi.endpoints.validateGraph.initiate(id)).unwrap();
    return { ...result, doc: getState().graph.doc };
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
