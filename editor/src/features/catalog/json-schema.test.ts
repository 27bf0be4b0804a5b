import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { legRisk } from '../../../../nodes/risk/leg.ts';
import { defaultOf, nullableInner } from './json-schema.ts';

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
