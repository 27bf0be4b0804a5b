/**
 * JSON Logic for trader-written rules (condition, set fields), made safe to run on the server.
 *
 * json-logic-js is one shared module object, so it is hardened once, here, when this module loads:
 * - `method` is removed: it calls any method of any value, i.e. arbitrary code (absent in 2.x; removed anyway).
 * - `var` is replaced by one that refuses `__proto__`/`constructor`/`prototype` and reads own properties
 *   only, so a rule can never reach `Object.prototype` or a function's constructor.
 * - `log` no longer writes to the server's stdout (it would bypass structured logs); it returns its value.
 * Rules are also checked before they run: `checkRule` at validation, and again inside `applyRule`.
 */
import jsonLogic from 'json-logic-js';

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** json-logic-js's own operators: the ones in its table and the ones `apply` handles itself. */
const STANDARD_OPERATORS: ReadonlySet<string> = new Set([
  ...['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'log', 'in', 'cat', 'substr'],
  ...['+', '*', '-', '/', 'min', 'max', 'merge', 'var', 'missing', 'missing_some'],
  ...['if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some'],
]);

/** Deeper than any rule a person writes; stops a hostile rule from exhausting the stack. */
const MAX_DEPTH = 64;

/** The problem with a dotted data path, if any (a forbidden segment). */
export function pathProblem(path: string): string | undefined {
  const bad = path.split('.').find((seg) => FORBIDDEN_SEGMENTS.has(seg));
  return bad === undefined ? undefined : `"${bad}" is not allowed in a data path ("${path}")`;
}

/**
 * Reads a dotted path ("vars.entry", "legs.0.symbol") from data, own properties only. Missing → undefined.
 * Throws for a forbidden segment, so a path computed at run time fails loudly instead of reaching a prototype.
 */
export function readPath(data: unknown, path: string): unknown {
  const problem = pathProblem(path);
  if (problem) throw new Error(`JSON Logic: ${problem}`);
  let current = data;
  for (const seg of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (!Object.hasOwn(Object(current), seg)) return undefined;
    current = (current as Record<string, unknown>)[seg];
  }
  return current;
}

// Same contract as json-logic-js's `var`: data arrives as `this`; empty path = the whole data.
function safeVar(this: unknown, path?: unknown, fallback?: unknown): unknown {
  if (path === undefined || path === null || path === '') return this;
  const value = readPath(this, String(path));
  return value === undefined ? (fallback ?? null) : value;
}

jsonLogic.rm_operation('method');
jsonLogic.add_operation('var', safeVar);
jsonLogic.add_operation('log', (value: unknown) => value);

/** Every problem in a rule, in words for the trader; empty when the rule is safe to run. */
export function checkRule(rule: unknown): string[] {
  const problems: string[] = [];
  walk(rule, 'rule', 0, problems);
  return problems;
}

function walk(node: unknown, at: string, depth: number, problems: string[]): void {
  if (depth > MAX_DEPTH) {
    problems.push(`${at}: the rule is nested more than ${MAX_DEPTH} levels deep`);
    return;
  }
  if (node === null || typeof node === 'string' || typeof node === 'boolean') return;
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) problems.push(`${at}: ${node} is not a number JSON can hold`);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${at}[${i}]`, depth + 1, problems));
    return;
  }
  if (typeof node !== 'object' || !isPlainObject(node)) {
    problems.push(`${at}: a ${typeof node} is not JSON; use numbers, strings, true/false, null, lists and operators`);
    return;
  }
  const keys = Object.keys(node);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined) {
    problems.push(`${at}: an operator object has exactly one key, like {"==": [a, b]}; found ${keys.length}`);
    return;
  }
  if (!STANDARD_OPERATORS.has(op)) {
    problems.push(`${at}: "${op}" is not a JSON Logic operator`);
    return;
  }
  const value: unknown = (node as Record<string, unknown>)[op];
  for (const path of staticPaths(op, value)) {
    const problem = pathProblem(path);
    if (problem) problems.push(`${at}.${op}: ${problem}`);
  }
  walk(value, `${at}.${op}`, depth + 1, problems);
}

/** The data paths an operator names literally (computed paths are caught by the safe `var` at run time). */
function staticPaths(op: string, value: unknown): string[] {
  const args = Array.isArray(value) ? value : [value];
  const literal = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
  const keysOf = (list: unknown[]): string[] => list.filter(literal).map(String);
  if (op === 'var') return literal(args[0]) ? [String(args[0])] : [];
  if (op === 'missing') return keysOf(Array.isArray(args[0]) ? args[0] : args);
  if (op === 'missing_some') return Array.isArray(args[1]) ? keysOf(args[1]) : [];
  return [];
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Runs a rule against data. Throws a clear error for a rule that `checkRule` refuses or a forbidden path. */
export function applyRule(rule: unknown, data: unknown): unknown {
  const problems = checkRule(rule);
  if (problems.length > 0) throw new Error(`invalid JSON Logic rule: ${problems.join('; ')}`);
  return jsonLogic.apply(rule as jsonLogic.RulesLogic, data) as unknown;
}

/** JSON Logic's own truthiness (an empty list is false), for nodes that branch on a rule. */
export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
