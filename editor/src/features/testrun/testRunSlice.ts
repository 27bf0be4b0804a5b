import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { z } from 'zod';
import { errorBodyOf } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import type { RunRecord } from '../../api/schemas.ts';
import { createAppAsyncThunk } from '../../store/hooks.ts';
import { openGraph } from '../graph/graphSlice.ts';
import { saveFirst } from '../graph/save-first.ts';
import { sampleSignalFor } from './sample-signal.ts';

const sampleShape = z.record(z.string(), z.unknown());

/** Runs the sample through the saved draft on the server: a dry run that places no order. */
export const runTest = createAppAsyncThunk('testRun/run', async (_: void, { dispatch, getState, rejectWithValue }) => {
  let signal: Record<string, unknown>;
  try {
    const parsed = sampleShape.safeParse(JSON.parse(getState().testRun.sample));
    if (!parsed.success) throw new Error('it must be a JSON object such as {"action": "ENTRY"}');
    signal = parsed.data;
  } catch (e) {
    return rejectWithValue({ status: 0, code: 'invalid_sample', message: `The sample signal is not valid: ${(e as Error).message}.`, details: {} });
  }
  try {
    await saveFirst(dispatch, getState);
    const id = getState().graph.id!;
    return await dispatch(legflowApi.endpoints.testRun.initiate({ id, signal })).unwrap();
  } catch (e) {
    return rejectWithValue(errorBodyOf(e));
  }
});

export interface TestRunState {
  sample: string;
  status: 'idle' | 'running' | 'done' | 'failed';
  run: RunRecord | null;
  error: string | null;
}

const initialState: TestRunState = { sample: '', status: 'idle', run: null, error: null };

export const testRunSlice = createSlice({
  name: 'testRun',
  initialState,
  reducers: {
    sampleEdited(state, { payload }: PayloadAction<string>) {
      state.sample = payload;
    },
    traceCleared(state) {
      state.run = null;
      state.status = 'idle';
      state.error = null;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(openGraph.fulfilled, (_state, { payload }) => ({ ...initialState, sample: sampleSignalFor(payload.graph) }))
      .addCase(runTest.pending, (state) => {
        state.status = 'running';
        state.error = null;
      })
      .addCase(runTest.fulfilled, (state, { payload }) => {
        state.status = 'done';
        state.run = payload;
      })
      .addCase(runTest.rejected, (state, { payload }) => {
        state.status = 'failed';
        state.run = null;
        const problems = Array.isArray(payload?.details.problems) ? (payload.details.problems as Array<{ message?: unknown }>) : [];
        const listed = problems.map((p) => (typeof p.message === 'string' ? p.message : '')).filter(Boolean);
        state.error = [payload?.message ?? 'The test run failed.', ...listed].join('\n');
      });
  },
});

export const { sampleEdited, traceCleared } = testRunSlice.actions;
export const selectTestRun = (s: { testRun: TestRunState }) => s.testRun;
