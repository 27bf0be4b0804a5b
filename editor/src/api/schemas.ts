/** Shapes of the server's answers that the editor relies on, parsed where they enter (the API client). */
import { z } from 'zod';
import { graphSchema } from '../../../runtime/graph-schema.ts';
import { INPUT_KINDS, OUTPUT_KINDS } from '../../../runtime/ports.ts';

export const userSchema = z.object({ user: z.object({ id: z.string(), username: z.string(), admin: z.boolean() }) });
export type User = z.output<typeof userSchema>['user'];

const port = <K extends readonly [string, ...string[]]>(kinds: K) => z.object({ name: z.string(), kind: z.enum(kinds), label: z.string() });

export const nodeTypeSchema = z.object({
  type: z.string(),
  version: z.number().int(),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  inputs: z.array(port(INPUT_KINDS)),
  outputs: z.array(port(OUTPUT_KINDS)),
  /** The params' JSON Schema (zod's `toJSONSchema`, input side). */
  params: z.record(z.string(), z.unknown()),
  defaults: z.record(z.string(), z.unknown()),
  summary: z.string(),
});
export type NodeType = z.output<typeof nodeTypeSchema>;
export const nodeTypesSchema = z.array(nodeTypeSchema);

export const templateSummarySchema = z.object({ id: z.string(), name: z.string(), description: z.string(), nodeCount: z.number() });
export type TemplateSummary = z.output<typeof templateSummarySchema>;
export const templateListSchema = z.array(templateSummarySchema);

export const graphSummarySchema = z.object({ id: z.string(), name: z.string(), rev: z.number(), updatedAt: z.number(), versions: z.number() });
export type GraphSummary = z.output<typeof graphSummarySchema>;
export const graphListSchema = z.array(graphSummarySchema);

export { graphSchema };
export const storedGraphSchema = z.object({ id: z.string(), graph: graphSchema, rev: z.number(), updatedAt: z.number() });
export const createdGraphSchema = z.object({ id: z.string(), rev: z.number() });
export const savedGraphSchema = z.object({ rev: z.number() });

export const problemSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
});
export type Problem = z.output<typeof problemSchema>;
export const validationSchema = z.object({ valid: z.boolean(), problems: z.array(problemSchema) });

export const publishedSchema = z.object({ version: z.number(), rev: z.number() });
export const versionListSchema = z.array(z.object({ version: z.number(), createdAt: z.number() }));
export type VersionSummary = z.output<typeof versionListSchema>[number];

/** What passed along an edge, as the trace summarises it. */
export const messageSummarySchema = z.looseObject({ action: z.string(), channel: z.string(), source: z.string() });
export type MessageSummary = z.output<typeof messageSummarySchema>;

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
