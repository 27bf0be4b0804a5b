/** A short, readable rendering of a JSON Logic rule for node summaries: `action == "ENTRY" and price > 100`. */
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  ...Object.fromEntries(['==', '===', '!=', '!==', '>', '>=', '<', '<=', 'in'].map((op) => [op, 3])),
  ...Object.fromEntries(['+', '-'].map((op) => [op, 4])),
  ...Object.fromEntries(['*', '/', '%'].map((op) => [op, 5])),
};
const MAX_LENGTH = 80;

export function describeRule(rule: unknown): string {
  const text = render(rule, 0);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

/** `outer` is the precedence of the operator around this one: a looser operator inside gets parentheses. */
function render(node: unknown, outer: number): string {
  if (Array.isArray(node)) return `[${node.map((n) => render(n, 0)).join(', ')}]`;
  if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? String(node);
  const [op, value] = Object.entries(node)[0] ?? [];
  if (op === undefined) return '{}';
  const args: unknown[] = Array.isArray(value) ? value : [value];
  if (op === 'var') return typeof args[0] === 'string' || typeof args[0] === 'number' ? String(args[0]) : 'var(…)';
  if (op === '!') return `not ${render(args[0], 6)}`;
  const own = Object.hasOwn(PRECEDENCE, op) ? PRECEDENCE[op] : undefined;
  if (own === undefined || (op !== 'and' && op !== 'or' && args.length !== 2)) {
    return `${op}(${args.map((a) => render(a, 0)).join(', ')})`;
  }
  const text = args.map((a) => render(a, own + 1)).join(` ${op} `);
  return own < outer ? `(${text})` : text;
}
