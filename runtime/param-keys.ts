import { z } from 'zod';
import type { AnyNodeDefinition } from './node-contract.ts';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const schemas = new WeakMap<AnyNodeDefinition, JsonSchema>();

/**
 * Param keys a node type does not know, as dotted paths. zod drops unknown keys quietly, so a saved
 * `"lot": 2` (for `lots`) would trade the default 1 lot without a word; validation reports it instead.
 * Free-form places (a JSON Logic rule, the names of computed fields) are records and accept any key.
 */
export function unknownParamKeys(def: AnyNodeDefinition, params: unknown): string[] {
  let schema = schemas.get(def);
  if (!schema) {
    schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schemas.set(def, schema);
  }
  const found: string[] = [];
  walk(schema, params, '', found);
  return found;
}

function walk(schema: JsonSchema, value: unknown, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const shape = Array.isArray(value) ? 'array' : 'object';
    const branch = branches.find((b) => b.type === shape || (shape === 'object' && b.properties !== undefined));
    if (branch) walk(branch, value, path, found);
    return;
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => walk(schema.items!, item, `${path}${path ? '.' : ''}${i}`, found));
    return;
  }
  if (!schema.properties) return;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const known = schema.properties[key];
    if (known) walk(known, child, here, found);
    else if (schema.additionalProperties === false || schema.additionalProperties === undefined) found.push(here);
  }
}
