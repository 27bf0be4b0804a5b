import { afterEach, describe, expect, it } from 'vitest';
import { applyRule, checkRule, readPath, withRuleBudget } from './json-logic.ts';
import { RuleTooCostlyError } from './rule-budget.ts';

const data = { action: 'ENTRY', price: 101.5, vars: { lots: 2 }, legs: [{ symbol: 'NIFTY25NOV2526000CE' }] };

afterEach(() => {
  // A successful pollution would leave this behind for every object in the process.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('applyRule', () => {
  it('evaluates ordinary rules over signal data', () => {
    expect(applyRule({ '==': [{ var: 'action' }, 'ENTRY'] }, data)).toBe(true);
    expect(applyRule({ '*': [{ var: 'vars.lots' }, 65] }, data)).toBe(130);
    expect(applyRule({ var: 'legs.0.symbol' }, data)).toBe('NIFTY25NOV2526000CE');
    expect(applyRule({ var: ['missing.path', 'fallback'] }, data)).toBe('fallback');
    expect(applyRule({ missing: ['action', 'qty'] }, data)).toEqual(['qty']);
  });

  it('reads own properties only, never inherited ones', () => {
    expect(applyRule({ var: 'toString' }, data)).toBeNull();
    expect(applyRule({ var: 'action.length' }, data)).toBe(5);
  });

  it('refuses prototype paths, statically and at run time', () => {
    expect(() => applyRule({ var: '__proto__.polluted' }, data)).toThrow(/__proto__/);
    expect(() => applyRule({ var: 'constructor.prototype' }, data)).toThrow(/constructor/);
    // A path computed at run time cannot be seen by checkRule; the safe var refuses it when it runs.
    const dynamic = { var: { cat: ['__pro', 'to__'] } };
    expect(checkRule(dynamic)).toEqual([]);
    expect(() => applyRule(dynamic, data)).toThrow(/"__proto__" is not allowed/);
    expect(() => applyRule({ missing: [{ cat: ['construc', 'tor'] }] }, data)).toThrow(/constructor/);
  });

  it('has no `method` operator', () => {
    expect(() => applyRule({ method: [{ var: 'action' }, 'toLowerCase'] }, data)).toThrow(/"method" is not/);
  });

  it('does not write to stdout for `log`', () => {
    expect(applyRule({ log: 'x' }, data)).toBe('x');
  });
});

describe('checkRule', () => {
  it('accepts standard rules and plain values', () => {
    expect(checkRule({ and: [{ '>': [{ var: 'price' }, 100] }, { in: ['ENTRY', ['ENTRY', 'EXIT']] }] })).toEqual([]);
    expect(checkRule(true)).toEqual([]);
    expect(checkRule({ if: [{ var: 'x' }, 1, 2] })).toEqual([]);
    expect(checkRule({ reduce: [{ var: 'legs' }, { '+': [{ var: 'accumulator' }, 1] }, 0] })).toEqual([]);
  });

  it('names unknown operators and forbidden paths with where they are', () => {
    expect(checkRule({ and: [true, { method: ['x', 'y'] }] })).toEqual(['rule.and[1]: "method" is not a JSON Logic operator']);
    expect(checkRule({ 'var.call': [] })).toEqual(['rule: "var.call" is not a JSON Logic operator']);
    expect(checkRule({ var: '__proto__.polluted' })[0]).toMatch(/__proto__/);
    expect(checkRule({ var: ['constructor.prototype', 1] })[0]).toMatch(/constructor/);
    expect(checkRule({ missing_some: [1, ['a', 'prototype']] })[0]).toMatch(/prototype/);
    expect(checkRule(JSON.parse('{"__proto__": {"polluted": 1}}'))[0]).toMatch(/"__proto__" is not/);
  });

  it('refuses values that are not JSON Logic', () => {
    expect(checkRule({ a: 1, b: 2 })[0]).toMatch(/exactly one key/);
    expect(checkRule({})[0]).toMatch(/exactly one key/);
    expect(checkRule(undefined)[0]).toMatch(/undefined is not JSON/);
    expect(checkRule({ '+': [1, () => 2] })[0]).toMatch(/function is not JSON/);
    expect(checkRule({ '+': [1, Number.NaN] })[0]).toMatch(/NaN/);
    expect(checkRule(new Date())[0]).toMatch(/not JSON/);
  });

  it('refuses rules nested deeper than a person writes', () => {
    let rule: unknown = 1;
    for (let i = 0; i < 100; i++) rule = { '!': [rule] };
    expect(checkRule(rule)[0]).toMatch(/nested more than/);
  });
});

/** The error a rule throws, for asserting on its code and message. */
function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof RuleTooCostlyError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('the rule ran to the end');
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** A clock that stands still: these tests meet the step and size limits whatever the machine's speed. */
const still = { now: () => 0 };
/** A list operator nested `levels` deep over `items` items each: items^levels runs of the innermost rule. */
function nested(op: string, levels: number, items: number, inner: unknown = true): unknown {
  let rule = inner;
  for (let i = 0; i < levels; i++) rule = { [op]: [upTo(items), rule] };
  return rule;
}

describe('a rule’s budget', () => {
  it('refuses the 164-byte rule that doubles a list thirty times, once it passes 100,000 items', () => {
    const rule = { reduce: [upTo(30), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
    expect(checkRule(rule)).toEqual([]);
    expect(failure(() => applyRule(rule, data, still))).toEqual({
      code: 'rule_too_costly',
      message: expect.stringMatching(/^Rule too costly: it made a list of more than 100,000 items/) as string,
    });
  });

  it('refuses a text doubled past 100,000 characters, and a list of long texts by their characters', () => {
    const doubling = { reduce: [upTo(30), { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] };
    expect(failure(() => applyRule(doubling, data, still)).message).toMatch(/it made a text of more than 100,000 characters/);
    // 20 texts of 8,192 characters: few items, too many characters.
    const texts = { map: [upTo(20), { reduce: [upTo(13), { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'a'] }] };
    expect(failure(() => applyRule(texts, data, still)).message).toMatch(/it made a list of more than 100,000 items \(counting the characters/);
  });

  it('stops a rule after 50,000 steps: three list operators deep over 50 items', () => {
    const rule = nested('all', 3, 50);
    expect(checkRule(rule)).toEqual([]);
    expect(failure(() => applyRule(rule, data, still)).message).toMatch(/^Rule too costly: it needed more than 50,000 steps/);
    // The same shape over 10 items is 1,000 runs of its innermost rule: well within.
    expect(applyRule(nested('all', 3, 10), data)).toBe(true);
  });

  it('stops a rule that runs too long by its clock, but never reads the clock in its first thousand steps', () => {
    let ms = 0;
    const clock = () => (ms += 1);
    expect(failure(() => applyRule(nested('some', 2, 100, false), data, { now: clock })).message).toMatch(/it ran longer than 100 ms/);
    // A whole process paused between two steps (a full GC, a busy machine) cannot fail a rule a person writes.
    const paused = () => (ms += 1_000_000);
    expect(applyRule(nested('all', 2, 10), data, { now: paused })).toBe(true);
  });

  it('gives the rules of one node one budget together', () => {
    const most = nested('all', 2, 150); // 45,452 steps
    expect(applyRule(most, data, still)).toBe(true);
    expect(applyRule(most, data, still)).toBe(true);
    const node = () => [applyRule(most, data), applyRule(most, data)];
    expect(failure(() => withRuleBudget(node, still)).message).toMatch(/more than 50,000 steps/);
  });

  it('keeps merge and cat as JSON Logic defines them', () => {
    expect(applyRule({ merge: [1, [2, 3], [[4]], null] }, data)).toEqual([1, 2, 3, [4], null]);
    expect(applyRule({ merge: [] }, data)).toEqual([]);
    expect(applyRule({ cat: ['a', 1, null, true, [1, 2]] }, data)).toBe('a1true1,2');
    expect(applyRule({ cat: [{ var: 'action' }, '-', { var: 'vars.lots' }] }, data)).toBe('ENTRY-2');
  });

  it('refuses list operators nested more than three deep when the rule is checked, saying where', () => {
    expect(checkRule(nested('map', 3, 2))).toEqual([]);
    expect(checkRule(nested('all', 8, 10))).toEqual([
      'rule.all[1].all[1].all[1].all: list operators (map, filter, reduce, all, some, none) are nested more than 3 deep; each runs the rule inside it once per item, so the work multiplies: flatten the rule',
    ]);
    // A list operator that makes the list is run once, not once per item: it does not count.
    const listFromList = { map: [{ filter: [{ map: [{ some: [[1], true] }, 1] }, true] }, 1] };
    expect(checkRule(listFromList)).toEqual([]);
  });
});

describe('readPath', () => {
  it('reads dotted own paths and throws on forbidden segments', () => {
    expect(readPath(data, 'vars.lots')).toBe(2);
    expect(readPath(data, 'vars.nope.deeper')).toBeUndefined();
    expect(() => readPath(data, 'a.__proto__')).toThrow(/not allowed/);
  });
});
