/** Reading the params JSON Schemas that zod writes (`z.toJSONSchema`): just the parts the editor uses. */
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

export const propertiesOf = (schema: JsonSchema): Array<[string, JsonSchema]> =>
  isSchema(schema.properties) ? Object.entries(schema.properties).filter((e): e is [string, JsonSchema] => isSchema(e[1])) : [];

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

/** `mtmStopLoss` → "Mtm stop loss". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
