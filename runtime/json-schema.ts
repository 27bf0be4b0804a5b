/**
 * The one reader of the params JSON Schemas zod writes (`z.toJSONSchema`, input side): the editor builds
 * its forms from them, the server's validation finds the keys a node does not know. Only the parts those
 * two use; no React, no zod.
 */
export type JsonSchema = Record<string, unknown>;

export const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/$defs/x`) against the root schema. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part] : undefined;
  return isSchema(target) ? { ...target, ...withoutRef(schema) } : schema;
}

function withoutRef({ $ref: _ref, ...rest }: JsonSchema): JsonSchema {
  return rest;
}

/** `anyOf: [X, {type: "null"}]` is zod's nullable X: returns X, or undefined when the schema is not that. */
export function nullableInner(schema: JsonSchema): JsonSchema | undefined {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const inner = anyOf.find((s) => isSchema(s) && s.type !== 'null');
  const hasNull = anyOf.some((s) => isSchema(s) && s.type === 'null');
  return hasNull && isSchema(inner) ? inner : undefined;
}

/** The alternatives of a union (`anyOf`, or `oneOf` for a discriminated one); undefined when it is not one. */
export function branchesOf(schema: JsonSchema): JsonSchema[] | undefined {
  const branches = schema.anyOf ?? schema.oneOf;
  return Array.isArray(branches) ? branches.filter(isSchema) : undefined;
}

/** An object's declared properties, in order. */
export const propertiesOf = (schema: JsonSchema): Array<[string, JsonSchema]> =>
  isSchema(schema.properties) ? Object.entries(schema.properties).filter((e): e is [string, JsonSchema] => isSchema(e[1])) : [];

/** One declared property of an object; undefined when the object does not declare it. */
export function propertyOf(schema: JsonSchema, key: string): JsonSchema | undefined {
  const property = isSchema(schema.properties) && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
  return isSchema(property) ? property : undefined;
}

/** What each item of an array is. */
export const itemsOf = (schema: JsonSchema): JsonSchema | undefined => (isSchema(schema.items) ? schema.items : undefined);

/** The value a new item or a switched-on optional field starts with: the schema's default, or its parts'. */
export function defaultOf(schema: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(schema, root);
  // A stated default wins, null included: an optional block that is off by default (a trail) stays off.
  if ('default' in s) return s.default === null ? null : structuredClone(s.default);
  const inner = nullableInner(s);
  if (inner) return defaultOf(inner, root);
  if (s.type === 'object') return Object.fromEntries(propertiesOf(s).map(([k, p]) => [k, defaultOf(p, root)]));
  if (s.type === 'array') return [];
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.type === 'boolean') return false;
  if (s.type === 'number' || s.type === 'integer') return 0;
  return s.type === 'string' ? '' : null;
}
