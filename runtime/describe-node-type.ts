import { z } from 'zod';
import type { AnyNodeDefinition } from './node-contract.ts';

/**
 * What the editor's palette and inspector are built from: a definition without its code, with its params
 * as JSON Schema (zod's own, input side), their defaults and the summary of those defaults.
 */
export function describeNodeType(def: AnyNodeDefinition) {
  const defaults: unknown = def.params.parse({});
  return {
    type: def.type,
    version: def.version,
    category: def.category,
    title: def.title,
    description: def.description,
    inputs: def.inputs,
    outputs: def.outputs,
    params: z.toJSONSchema(def.params, { io: 'input' }),
    defaults,
    summary: def.summary(defaults),
  };
}
