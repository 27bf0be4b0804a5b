import { afterEach, describe, expect, it } from 'vitest';
import { applyRule, checkRule, readPath } from './json-logic.ts';

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
    expect(checkRule({ and: [true, { method: ['x', 'y'] }] })).toEqual([
      'rule.and[1]: "method" is not a JSON Logic operator',
    ]);
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

describe('readPath', () => {
  it('reads dotted own paths and throws on forbidden segments', () => {
    expect(readPath(data, 'vars.lots')).toBe(2);
    expect(readPath(data, 'vars.nope.deeper')).toBeUndefined();
    expect(() => readPath(data, 'a.__proto__')).toThrow(/not allowed/);
  });
});
