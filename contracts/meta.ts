/** What a client reads before signing in: health, the node catalogue and the templates. */
import { z } from 'zod';
import { graphSchema } from '../runtime/graph-schema.ts';
import { INPUT_KINDS, OUTPUT_KINDS } from '../runtime/ports.ts';
import { isoTime } from './common.ts';

export const health = z.strictObject({ status: z.literal('ok'), version: z.string(), time: isoTime });

const port = <K extends readonly [string, ...string[]]>(kinds: K) => z.strictObject({ name: z.string(), kind: z.enum(kinds), label: z.string() });
export const nodeType = z.strictObject({
  type: z.string(),
  version: z.number().int(),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  inputs: z.array(port(INPUT_KINDS)),
  outputs: z.array(port(OUTPUT_KINDS)),
  params: z.record(z.string(), z.unknown()).describe("The params' JSON Schema (input side)"),
  defaults: z.record(z.string(), z.unknown()),
  summary: z.string(),
});
export const nodeTypeList = z.array(nodeType);

export const templateSummary = z.strictObject({ id: z.string(), name: z.string(), description: z.string(), nodeCount: z.number().int() });
export const templateList = z.array(templateSummary);
export const template = graphSchema;

export const openApiDocument = z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) });
