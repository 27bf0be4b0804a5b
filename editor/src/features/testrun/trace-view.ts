import { createSelector } from '@reduxjs/toolkit';
import type { MessageSummary, RunRecord } from '../../api/schemas.ts';
import type { GraphEdge } from '../graph/graph-doc.ts';
import { selectTestRun } from './testRunSlice.ts';

export interface NodeTrace {
  status: 'ok' | 'failed';
  /** Summed over every time the node ran in this event. */
  durationUs: number;
  runs: number;
  error?: string;
}

/** Per node: did it run, how long, and the first failure's message. */
export function nodeTraces(run: RunRecord): ReadonlyMap<string, NodeTrace> {
  const out = new Map<string, NodeTrace>();
  for (const step of run.steps) {
    const seen = out.get(step.nodeId);
    const failed = step.status === 'failed' || seen?.status === 'failed';
    const error = seen?.error ?? step.error;
    out.set(step.nodeId, {
      status: failed ? 'failed' : 'ok',
      durationUs: (seen?.durationUs ?? 0) + step.durationUs,
      runs: (seen?.runs ?? 0) + 1,
      ...(error ? { error } : {}),
    });
  }
  return out;
}

/** What travelled along an edge: every message its source sent out of that port. */
export function edgeValues(run: RunRecord, edge: Pick<GraphEdge, 'source' | 'sourceHandle'>): MessageSummary[] {
  return run.steps.filter((s) => s.nodeId === edge.source).flatMap((s) => s.output[edge.sourceHandle] ?? []);
}

export const selectNodeTraces = createSelector([selectTestRun], (t) => (t.run ? nodeTraces(t.run) : null));

/** `420` → "420 µs", `1530` → "1.5 ms", `2400000` → "2.4 s". */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(1)} s`;
}
