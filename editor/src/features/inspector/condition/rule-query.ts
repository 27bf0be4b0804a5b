/**
 * JSON Logic rules ⇄ react-querybuilder queries. The builder shows a rule only when it can give the same
 * rule back: parsing drops what it does not know (arithmetic, `if`, `var` with a default, …), so such a
 * rule stays in the raw JSON editor instead of being silently cut down.
 */
import { formatQuery, type Field, type RuleGroupType } from 'react-querybuilder';
import { parseJsonLogic } from 'react-querybuilder/parseJsonLogic';

/**
 * The operators the builder offers: those whose JSON Logic export uses only standard operators, which the
 * server's rule check (runtime/json-logic.ts) accepts. (`beginsWith` and `endsWith` export as
 * `startsWith`/`endsWith`, which JSON Logic does not have.)
 */
export const RULE_OPERATORS = [
  { name: '=', label: '=' },
  { name: '!=', label: '≠' },
  { name: '<', label: '<' },
  { name: '<=', label: '≤' },
  { name: '>', label: '>' },
  { name: '>=', label: '≥' },
  { name: 'contains', label: 'contains' },
  { name: 'doesNotContain', label: 'does not contain' },
  { name: 'in', label: 'is one of' },
  { name: 'notIn', label: 'is not one of' },
  { name: 'between', label: 'is between' },
  { name: 'notBetween', label: 'is not between' },
  { name: 'null', label: 'is empty' },
  { name: 'notNull', label: 'is not empty' },
] as const;

/** `{"and": [x]}` and `{"or": [x]}` are x: the builder wraps single rules in a group, a person does not. */
export function simplifyRule(rule: unknown): unknown {
  if (Array.isArray(rule)) return rule.map(simplifyRule);
  if (rule === null || typeof rule !== 'object') return rule;
  const entries = Object.entries(rule);
  if (entries.length !== 1) return rule;
  const [op, arg] = entries[0]!;
  if ((op === 'and' || op === 'or') && Array.isArray(arg) && arg.length === 1) return simplifyRule(arg[0]);
  return { [op]: simplifyRule(arg) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The rule a query stands for, as simple as it can be written. */
export function queryToRule(query: RuleGroupType): unknown {
  return simplifyRule(formatQuery(query, 'jsonlogic'));
}

/** The query for a rule, or null when the builder cannot show it without changing it. */
export function ruleToQuery(rule: unknown): RuleGroupType | null {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return null;
  let query: RuleGroupType;
  try {
    query = parseJsonLogic(rule as Parameters<typeof parseJsonLogic>[0]);
  } catch {
    return null;
  }
  return same(queryToRule(query), simplifyRule(rule)) ? query : null;
}

/** Every `var` path a rule names literally, so a field used by a rule is always in the builder's list. */
export function varsOf(rule: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(rule)) for (const r of rule) varsOf(r, found);
  else if (rule !== null && typeof rule === 'object') {
    for (const [op, arg] of Object.entries(rule)) {
      if (op === 'var' && typeof arg === 'string') found.add(arg);
      else varsOf(arg, found);
    }
  }
  return found;
}

export type RuleField = Field & { name: string; label: string };
