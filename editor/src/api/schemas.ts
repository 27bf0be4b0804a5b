/**
 * Shapes of the server's answers that the editor relies on, parsed where they enter (the API client). They
 * are the server's own contracts (contracts/), which its tests hold every answer to.
 */
import { z } from 'zod';
import { meAnswer } from '../../../contracts/auth.ts';
import {
  createdGraph,
  graphList,
  graphSummary,
  problem,
  published,
  publishedVersion,
  runRecord,
  savedGraph,
  validation,
  versionList,
} from '../../../contracts/graphs.ts';
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
export const publishedVersionSchema = publishedVersion;
export const versionListSchema = versionList;
export type VersionSummary = z.output<typeof versionListSchema>[number];

export const runRecordSchema = runRecord;
export type RunRecord = z.output<typeof runRecordSchema>;
export type TraceStep = RunRecord['steps'][number];
/** What passed along an edge, as the trace summarises it. */
export type MessageSummary = TraceStep['input'];

export const noContent = z.undefined();
