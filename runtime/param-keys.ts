import { z } from 'zod';
import { branchesOf, isSchema, itemsOf, propertyOf, type JsonSchema } from './json-schema.ts';
import type { AnyNodeDefinition } from './node-contract.ts';

const schemas = new WeakMap<AnyNodeDefinition, JsonSchema>();

/**
 * Param keys a node type does not know, as dotted paths. zod drops unknown keys quietly, so a saved
 * `"lot": 2` (for `lots`) would trade the default 1 lot without a word; validation reports it instead.
 * Free-form places (a JSON Logic rule, the names of computed fields) are records and accept any key.
 */
export function unknownParamKeys(def: AnyNodeDefinition, params: unknown): string[] {
  let schema = schemas.get(def);
  if (!schema) {
    schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' });
    schemas.set(def, schema);
  }
  const found: string[] = [];
  walk(schema, params, '', found);
  return found;
}

function walk(schema: JsonSchema, value: unknown, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const branches = branchesOf(schema);
  if (branches) {
    const shape = Array.isArray(value) ? 'array' : 'object';
    const branch = branches.find((b) => b.type === shape || (shape === 'object' && b.properties !== undefined));
    if (branch) walk(branch, value, path, found);
    return;
  }
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    if (items) value.forEach((item, i) => walk(items, item, `${path}${path ? '.' : ''}${i}`, found));
    return;
  }
  if (!isSchema(schema.properties)) return;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const known = propertyOf(schema, key);
    if (known) walk(known, child, here, found);
    // zod's objects strip what they do not declare (no `additionalProperties`); records declare what they take.
    else if (schema.additionalProperties === false || schema.additionalProperties === undefined) found.push(here);
  }
}
