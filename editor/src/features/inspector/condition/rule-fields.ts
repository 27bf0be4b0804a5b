/**
 * The fields a condition or switch can test, as the engine hands them to a rule (runtime/message.ts,
 * `ruleData`): the signal's own fields, the alert's other fields by their name, and `vars.<name>` set
 * by "Set fields" nodes.
 */
import type { GraphDoc } from '../../graph/graph-doc.ts';
import type { RuleField } from './rule-query.ts';

const number = { inputType: 'number' } as const;

export const SIGNAL_FIELDS: readonly RuleField[] = [
  { name: 'action', label: 'action (ENTRY, EXIT, …)' },
  { name: 'symbol', label: 'symbol' },
  { name: 'price', label: 'price', ...number },
  { name: 'qty', label: 'qty', ...number },
  { name: 'position', label: 'position (long, short, flat)' },
  { name: 'time', label: 'time' },
  { name: 'text', label: 'text (a plain-text alert)' },
  { name: 'channel', label: 'channel' },
  { name: 'source', label: 'source (tradingview, python, …)' },
];

const KNOWN = new Set(SIGNAL_FIELDS.map((f) => f.name));

/** A field by its path: `vars.x` is a var, any other unknown name is a field of the alert. */
export function fieldFor(path: string): RuleField {
  const known = SIGNAL_FIELDS.find((f) => f.name === path);
  if (known) return known;
  return path.startsWith('vars.') ? { name: path, label: `var ${path.slice(5)}` } : { name: path, label: `alert field ${path}` };
}

/** Signal fields, then the vars the graph's "Set fields" nodes compute, then any other paths in use. */
export function ruleFields(doc: GraphDoc, inUse: Iterable<string> = []): RuleField[] {
  const vars = doc.nodes.filter((n) => n.type === 'transform.set').flatMap((n) => Object.keys((n.params.fields as Record<string, unknown> | undefined) ?? {}));
  const paths = new Set([...vars.map((v) => `vars.${v}`), ...inUse]);
  return [
    ...SIGNAL_FIELDS,
    ...[...paths]
      .filter((p) => !KNOWN.has(p))
      .sort()
      .map(fieldFor),
  ];
}
