/**
 * JSON Logic for trader-written rules (condition, set fields), made safe to run on the server.
 *
 * json-logic-js is one shared module object, so it is hardened once, here, when this module loads:
 * - `method` is removed: it calls any method of any value, i.e. arbitrary code (absent in 2.x; removed anyway).
 * - `var` is replaced by one that refuses `__proto__`/`constructor`/`prototype` and reads own properties
 *   only, so a rule can never reach `Object.prototype` or a function's constructor.
 * - `log` no longer writes to the server's stdout (it would bypass structured logs); it returns its value.
 * - `apply` is wrapped to spend a budget (runtime/rule-budget.ts): json-logic-js recurses through the module
 *   object, so every sub-rule passes the wrapper, which counts it and weighs what it returned. `merge` and
 *   `cat` check the size of what they build before building it.
 * Rules are also checked before they run: `checkRule` at validation, and again inside `applyRule`.
 */
import jsonLogic from 'json-logic-js';
import { RULE_LIMITS, RuleBudget, type RuleLimits } from './rule-budget.ts';

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** json-logic-js's own operators: the ones in its table and the ones `apply` handles itself. */
const STANDARD_OPERATORS: ReadonlySet<string> = new Set([
  ...['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'log', 'in', 'cat', 'substr'],
  ...['+', '*', '-', '/', 'min', 'max', 'merge', 'var', 'missing', 'missing_some'],
  ...['if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some'],
]);

/** Deeper than any rule a person writes; stops a hostile rule from exhausting the stack. */
const MAX_DEPTH = 64;

/** Operators that run their second argument once per item of their first. */
const LIST_OPERATORS: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/**
 * List operators inside one another multiply: three deep over ten items each is a thousand runs of the
 * innermost rule. Deeper nesting is refused when the rule is saved; the run-time budget guards the rest.
 */
const MAX_LIST_NESTING = 3;

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

type Apply = (logic: unknown, data: unknown) => unknown;

/** The evaluation in progress (rules run synchronously, one at a time); null outside `applyRule`. */
let budget: RuleBudget | null = null;
const unbounded = jsonLogic.apply as Apply;

function boundedApply(logic: unknown, data: unknown): unknown {
  const b = budget;
  if (b === null) return unbounded(logic, data);
  b.step();
  const value = unbounded(logic, data);
  b.check(value);
  return value;
}

// Like json-logic-js's `merge` (lists flattened one level), without the copy per argument, refused before
// it outgrows the limit: merging a list with itself doubles it at each step.
function boundedMerge(...args: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const arg of args) {
    budget?.grows('a list', out.length + (Array.isArray(arg) ? arg.length : 1));
    if (Array.isArray(arg)) for (const item of arg) out.push(item);
    else out.push(arg);
  }
  return out;
}

// Like json-logic-js's `cat` (Array.prototype.join: null and undefined are empty), measured before joining.
function boundedCat(...args: unknown[]): string {
  let length = 0;
  const parts = args.map((arg) => {
    const text = arg === null || arg === undefined ? '' : String(arg);
    length += text.length;
    budget?.grows('a text', length);
    return text;
  });
  return parts.join('');
}

jsonLogic.rm_operation('method');
jsonLogic.add_operation('var', safeVar);
jsonLogic.add_operation('log', (value: unknown) => value);
jsonLogic.add_operation('merge', boundedMerge);
jsonLogic.add_operation('cat', boundedCat);
(jsonLogic as { apply: Apply }).apply = boundedApply;

/** Every problem in a rule, in words for the trader; empty when the rule is safe to run. */
export function checkRule(rule: unknown): string[] {
  const problems: string[] = [];
  walk(rule, 'rule', 0, 0, problems);
  return problems;
}

/** `loops`: how many list operators' per-item rules this node sits in. */
function walk(node: unknown, at: string, depth: number, loops: number, problems: string[]): void {
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
    node.forEach((item, i) => walk(item, `${at}[${i}]`, depth + 1, loops, problems));
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
  if (!LIST_OPERATORS.has(op) || !Array.isArray(value)) {
    walk(value, `${at}.${op}`, depth + 1, loops, problems);
    return;
  }
  if (loops >= MAX_LIST_NESTING) {
    problems.push(
      `${at}.${op}: list operators (map, filter, reduce, all, some, none) are nested more than ${MAX_LIST_NESTING} deep; each runs the rule inside it once per item, so the work multiplies: flatten the rule`,
    );
    return;
  }
  value.forEach((item, i) => walk(item, `${at}.${op}[${i}]`, depth + 2, i === 1 ? loops + 1 : loops, problems));
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

export interface BudgetOptions {
  limits?: RuleLimits;
  /** Milliseconds, for the time limit; tests pass their own clock. */
  now?: () => number;
}

/**
 * Rules already checked, by identity: a node's rule is the same parsed object at every run, and checking it
 * again each time cost more than applying it. Nothing changes a rule once its node's params are parsed.
 */
const checkedRules = new WeakSet<object>();

/** Inside `withRuleBudget`: the options, and the budget its first rule opened. */
let shared: { options: BudgetOptions; budget: RuleBudget | null } | null = null;

/**
 * Runs `work` so that every rule it applies before it returns shares one budget: a node's rules together
 * get one allowance (a set node's twenty fields cannot take twenty). Rules applied later (after an
 * `await` inside `work`) get a budget each.
 */
export function withRuleBudget<T>(work: () => T, options: BudgetOptions = {}): T {
  const outer = shared;
  shared = { options, budget: null };
  try {
    return work();
  } finally {
    shared = outer;
  }
}

/**
 * Runs a rule against data. Throws a clear error for a rule that `checkRule` refuses or a forbidden path,
 * and RuleTooCostlyError (`rule_too_costly`) for one that would do more work than its budget allows.
 */
export function applyRule(rule: unknown, data: unknown, options: BudgetOptions = {}): unknown {
  if (typeof rule !== 'object' || rule === null || !checkedRules.has(rule)) {
    const problems = checkRule(rule);
    if (problems.length > 0) throw new Error(`invalid JSON Logic rule: ${problems.join('; ')}`);
    if (typeof rule === 'object' && rule !== null) checkedRules.add(rule);
  }
  const outer = budget;
  budget = shared ? (shared.budget ??= openBudget(shared.options)) : openBudget(options);
  try {
    return jsonLogic.apply(rule as jsonLogic.RulesLogic, data) as unknown;
  } finally {
    budget = outer;
  }
}

function openBudget(options: BudgetOptions): RuleBudget {
  return new RuleBudget(options.limits ?? RULE_LIMITS, options.now ?? performanceNow);
}

// Made once: a closure made per call costs more than the rule (tsx names every function it creates).
const performanceNow = (): number => performance.now();

/** JSON Logic's own truthiness (an empty list is false), for nodes that branch on a rule. */
export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
