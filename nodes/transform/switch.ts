import { z } from 'zod';
import { pathProblem, readPath } from '../../runtime/json-logic.ts';
import { ruleData } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';

/** Ports are fixed per node type (the editor and validation read them without params), so cases are capped. */
const MAX_CASES = 4;
const CASE_PORTS = Array.from({ length: MAX_CASES }, (_, i) => `case${i + 1}`);

const params = z.object({
  field: z
    .string()
    .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'use a field name such as action, symbol or vars.side')
    .default('action')
    .describe('Field to route on: action, symbol, position, channel, a field of the alert (e.g. strategy) or vars.<name>'),
  cases: z
    .array(z.string().min(1, 'a case cannot be empty').max(100))
    .min(1, 'add at least one case')
    .max(MAX_CASES, `at most ${MAX_CASES} cases; chain another switch on "default" for more`)
    .default(['ENTRY', 'EXIT'])
    .describe('Values to route: the 1st value goes out of "case 1", the 2nd out of "case 2", …; anything else out of "default"'),
  caseSensitive: z.boolean().default(false).describe('Treat "entry" and "ENTRY" as different values'),
});
type Params = z.output<typeof params>;

const fold = (s: string, p: Params) => (p.caseSensitive ? s : s.toUpperCase());

/** The output a value goes to: the first case equal to it, else `default`. Numbers and booleans compare as text. */
export function routeOf(value: unknown, p: Params): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return 'default';
  const index = p.cases.findIndex((c) => fold(c, p) === fold(String(value), p));
  return index < 0 ? 'default' : CASE_PORTS[index]!;
}

/**
 * Outputs are fixed ports `case1`…`case4` plus `default`: the Nth case value leaves by `caseN`. The editor
 * labels each handle with its case value from params; unused case ports simply never fire.
 */
export const switchTransform = defineNode({
  type: 'transform.switch',
  version: 1,
  category: 'transform',
  title: 'Switch',
  description: 'Routes the signal by the value of one field, e.g. ENTRY one way and EXIT another.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [...CASE_PORTS.map((name, i) => ({ name, kind: 'same' as const, label: `Case ${i + 1}` })), { name: 'default', kind: 'same', label: 'Default' }],
  params,
  check: (p) => {
    const problems: string[] = [];
    const path = pathProblem(p.field);
    if (path) problems.push(path);
    const seen = new Set<string>();
    for (const c of p.cases) {
      if (seen.has(fold(c, p))) problems.push(`the case "${c}" is listed twice; the second one would never be reached`);
      seen.add(fold(c, p));
    }
    return problems;
  },
  summary: (p) => `${p.field}: ${p.cases.map((c, i) => `${c} → ${i + 1}`).join(' · ')} · else default`,
  run: (_ctx, input, p) => ({ [routeOf(readPath(ruleData(input), p.field), p)]: input }),
});
