import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { legRisk } from '../nodes/risk/leg.ts';
import { branchesOf, defaultOf, itemsOf, nullableInner, propertiesOf, propertyOf } from './json-schema.ts';

describe('defaults from a node type’s JSON Schema', () => {
  const schema = z.toJSONSchema(legRisk.params, { io: 'input' }) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

  it('an optional block that is off by default (the trail) is off, not filled with its inner defaults', () => {
    expect(defaultOf(schema.properties.trail!, schema)).toBeNull();
    expect(defaultOf(schema.properties.stopLoss!, schema)).toEqual({ type: 'pct', value: 25 });
  });

  it('turning the block on gives its inner defaults', () => {
    const inner = nullableInner(schema.properties.trail!)!;
    expect(defaultOf(inner, schema)).toEqual({ type: 'points', every: 10, by: 10 });
  });
});

describe('reading a params schema’s structure', () => {
  const schema = z.toJSONSchema(legRisk.params, { io: 'input' }) as Record<string, unknown>;

  it('finds a declared property and what an array holds, and nothing a schema does not declare', () => {
    const declared = new Map(propertiesOf(schema));
    expect(declared.has('trail')).toBe(true);
    expect(propertyOf(schema, 'trail')).toBe(declared.get('trail'));
    expect(propertyOf(schema, 'stoploss')).toBeUndefined();
    // A key every object has is still not a declared property.
    expect(propertyOf(schema, 'constructor')).toBeUndefined();
    expect(itemsOf({ type: 'array', items: { type: 'number' } })).toEqual({ type: 'number' });
    expect(itemsOf({ type: 'string' })).toBeUndefined();
  });

  it('reads a union’s alternatives, `anyOf` or `oneOf`, and a nullable’s inner schema', () => {
    const number = { type: 'number' };
    expect(branchesOf({ anyOf: [number, { type: 'null' }] })).toEqual([number, { type: 'null' }]);
    expect(branchesOf({ oneOf: [number] })).toEqual([number]);
    expect(branchesOf(number)).toBeUndefined();
    expect(nullableInner({ anyOf: [number, { type: 'null' }] })).toBe(number);
    expect(nullableInner({ anyOf: [number, { type: 'string' }] })).toBeUndefined();
  });
});
