import { describe, expect, it } from 'vitest';
import { Retention } from './retention.ts';

const forgotten = (r: Retention<string>, now: number) => {
  const out: string[] = [];
  r.forgetDue(now, (item) => out.push(item));
  return out;
};

describe('Retention', () => {
  it('hands back each item once keepMs has passed since it finished, oldest first', () => {
    const r = new Retention<string>(100);
    r.add('a', 0);
    r.add('b', 10);
    r.add('c', 50);
    expect(forgotten(r, 99)).toEqual([]);
    expect(forgotten(r, 110)).toEqual(['a', 'b']);
    expect(r.size).toBe(1);
    expect(forgotten(r, 1_000)).toEqual(['c']);
    expect(r.size).toBe(0);
  });

  it('keeps an item noted behind a later one (a clock set back) until the later one goes', () => {
    const r = new Retention<string>(100);
    r.add('late', 50);
    r.add('early', 0);
    expect(forgotten(r, 120)).toEqual([]);
    expect(forgotten(r, 150)).toEqual(['late', 'early']);
  });

  it('stays as small as what it waits for over many rounds', () => {
    const r = new Retention<number>(10);
    for (let t = 0; t < 10_000; t++) {
      r.add(t, t);
      r.forgetDue(t, () => undefined);
      expect(r.size).toBeLessThanOrEqual(11);
    }
  });

  it('notes nothing when kept for ever, and refuses a keep that is not positive', () => {
    const r = new Retention<string>();
    r.add('a', 0);
    expect(r.size).toBe(0);
    expect(() => new Retention(0)).toThrow(/positive/);
    expect(() => new Retention(Number.NaN)).toThrow(/positive/);
  });
});
