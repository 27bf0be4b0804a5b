/**
 * Shapes of the server's answers that the editor relies on, parsed where they enter (the API client). They
 * are the server's own contracts (contracts/), which its tests hold every answer to.
 */
import { z } from 'zod';
import { meAnswer } from '../../../contracts/auth.ts';
import { createdGraph, graphList, graphSummary, problem, published, savedGraph, validation, versionList } from '../../../contracts/graphs.ts';
import { nodeType, nodeTypeList, templateList, templateSummary } from '../../../contracts/meta.ts';
import { graphSchema } from '../../../runtime/graph-schema.ts';

export const userSchema = meAnswer;
export type User = z.output<typeof userSchema>['user'];

export const nodeTypeSchema = nodeType;
export type NodeType = z.output<typeof nodeTypeSchema>;
export const nodeTypesSchema = nodeTypeList;

export const templateSummarySchema = templateSummary;
export type TemplateSummary = z.output<typeof templateSummarySchema>;
export const templateListSchema = templateList;

export const graphSummarySchema = graphSummary;
export type GraphSummary = z.output<typeof graphSummarySchema>;
export const graphListSchema = graphList;

export { graphSchema };
/** The editor opens a draft only when it is a graph (the contract lets a draft be anything JSON). */
export const storedGraphSchema = z.object({ id: z.string(), graph: graphSchema, rev: z.number(), updatedAt: z.number() });
export const createdGraphSchema = createdGraph;
export const savedGraphSchema = savedGraph;

export const problemSchema = problem;
export type Problem = z.output<typeof problemSchema>;
export const validationSchema = validation;

export const publishedSchema = published;
export const versionListSchema = versionList;
export type VersionSummary = z.output<typeof versionListSchema>[number];

/** What passed along an edge, as the trace summarises it; loose, as the canvas only reads these three. */
export const messageSummarySchema = z.looseObject({ action: z.string(), channel: z.string(), source: z.string() });
export type MessageSummary = z.output<typeof messageSummarySchema>;

// The trace stays the editor's own, looser than contracts/graphs.ts `runRecord`: the canvas reads only a
// message's action, channel and source (its stories pass summaries the contract would refuse).
export const traceStepSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'failed']),
  startedAt: z.number(),
  durationUs: z.number(),
  input: messageSummarySchema,
  output: z.record(z.string(), z.array(messageSummarySchema)),
  error: z.string().optional(),
});
export type TraceStep = z.output<typeof traceStepSchema>;

export const runRecordSchema = z.object({
  signalId: z.string(),
  status: z.enum(['completed', 'failed', 'ignored']),
  startedAt: z.number(),
  durationUs: z.number(),
  steps: z.array(traceStepSchema),
});
export type RunRecord = z.output<typeof runRecordSchema>;

export const noContent = z.undefined();
