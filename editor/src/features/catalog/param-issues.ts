import { z } from 'zod';
import type { NodeType } from '../../api/schemas.ts';

export interface ParamIssue {
  /** Dotted path inside the params, as the server's validation reports it (`strike.offset`, `legs.0.side`). */
  path: string;
  message: string;
}

const converted = new WeakMap<object, z.ZodType | null>();

/** zod's own reading of the node type's JSON Schema, built once per type; null if zod cannot read it. */
function schemaFor(type: NodeType): z.ZodType | null {
  let schema = converted.get(type.params);
  if (schema === undefined) {
    try {
      schema = z.fromJSONSchema(type.params as Parameters<typeof z.fromJSONSchema>[0]);
    } catch {
      schema = null;
    }
    converted.set(type.params, schema);
  }
  return schema;
}

/** Pattern errors name a regular expression; a trader needs the field's own description instead. */
function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format') return 'is not in the expected format (see the hint)';
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
  if (issue.code === 'too_small') return `needs at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'}`;
  if (issue.code === 'too_big') return `takes at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

/** What is wrong with a node's params by its type's schema, checked in the browser as the trader types. */
export function paramIssues(type: NodeType, params: unknown): ParamIssue[] {
  const result = schemaFor(type)?.safeParse(params);
  if (!result || result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: friendly(issue) }));
}
