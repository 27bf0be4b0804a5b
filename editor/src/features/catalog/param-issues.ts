import type { z } from 'zod';
import type { AnyNodeDefinition } from './definitions.ts';

export interface ParamIssue {
  /** Dotted path inside the params, as the server's validation reports it (`strike.offset`, `legs.0.side`); empty for the node as a whole. */
  path: string;
  message: string;
}

/**
 * zod's own wording, for the issues whose schema gave no message of its own (a schema's message wins over
 * this map): a trader reads "must be at least 1", not "Too small: expected number to be >=1".
 */
function friendly(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_format') return 'is not in the expected format (see the hint)';
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
  if (issue.code === 'too_small') return `needs at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
  if (issue.code === 'too_big') return `takes at most ${String(issue.maximum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return undefined;
}

/**
 * What is wrong with a node's params, checked in the browser as the trader edits: its definition's schema,
 * then (once that passes) the definition's own `check`, as the server's validation does.
 */
export function paramIssues(def: AnyNodeDefinition, params: unknown): ParamIssue[] {
  const result = def.params.safeParse(params, { error: friendly });
  if (!result.success) return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return (def.check?.(result.data) ?? []).map((message) => ({ path: '', message }));
}
