/** Answers of the graph routes: drafts, validation, published versions and test runs. */
import { z } from 'zod';
import { graphSchema } from '../runtime/graph-schema.ts';
import { epochMs } from './common.ts';

export const graphSummary = z.strictObject({ id: z.string(), name: z.string(), rev: z.number().int(), updatedAt: epochMs, versions: z.number().int() });
export const graphList = z.array(graphSummary);
/** A draft as saved: it may be unfinished, so it is not held to the graph schema. */
export const storedGraph = z.strictObject({ id: z.string(), graph: z.record(z.string(), z.unknown()), rev: z.number().int(), updatedAt: epochMs });
export const createdGraph = z.strictObject({ id: z.string(), rev: z.number().int() });
export const savedGraph = z.strictObject({ rev: z.number().int() });

export const problem = z.strictObject({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
});
export const validation = z.strictObject({ valid: z.boolean(), problems: z.array(problem) });

export const published = z.strictObject({ version: z.number().int(), rev: z.number().int() });
export const versionList = z.array(z.strictObject({ version: z.number().int(), createdAt: epochMs }));
export const publishedVersion = z.strictObject({ graphId: z.string(), version: z.number().int(), createdAt: epochMs, graph: graphSchema });

/** What passed along an edge, as the trace summarises it (its `vars` are the strategy's own). */
export const messageSummary = z.strictObject({
  action: z.string(),
  channel: z.string(),
  source: z.string(),
  legs: z.array(z.strictObject({ id: z.string(), symbol: z.string(), side: z.string(), qty: z.number() })).optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
});
export const traceStep = z.strictObject({
  nodeId: z.string(),
  type: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'failed']),
  startedAt: epochMs.describe("Epoch ms on the deployment's clock"),
  durationUs: z.number(),
  input: messageSummary,
  output: z.record(z.string(), z.array(messageSummary)).describe('Output port → what left through it'),
  error: z.string().optional(),
});
export const runRecord = z.strictObject({
  signalId: z.string(),
  status: z.enum(['completed', 'failed', 'ignored']),
  startedAt: epochMs,
  durationUs: z.number(),
  steps: z.array(traceStep),
  warnings: z.array(z.string()).optional(),
  /** A deployment's run refused by its schedule (status `ignored`). */
  skipped: z.strictObject({ code: z.literal('outside_schedule'), reason: z.string() }).optional(),
  /** A run not made again after the server stopped during it every time (status `failed`). */
  abandoned: z.strictObject({ code: z.literal('stopped_during_run'), reason: z.string(), attempts: z.number().int() }).optional(),
});
