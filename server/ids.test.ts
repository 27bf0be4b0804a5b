import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './ids.ts';

describe('timeOrderedId', () => {
  it('sorts as text in creation order, across a change in the number of base-36 digits of the time', () => {
    const times = [0, 35, 36, 1_795_519_631_133, 1_795_519_631_134, 101_559_956_668_415];
    const ids = times.map((t) => timeOrderedId('sig', t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.length))).toEqual(new Set([21]));
    expect(ids[3]).toMatch(/^sig_0mwum1259[0-9a-z]{8}$/);
  });

  it('differs between two ids made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId('sig', 1_795_519_631_133)));
    expect(ids.size).toBe(1000);
  });
});
