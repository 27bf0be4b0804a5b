import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.ts';

describe('Emitter', () => {
  it('delivers to every listener in order and stops after unsubscribe', () => {
    const seen: string[] = [];
    const emitter = new Emitter<number>();
    const off = emitter.on((n) => seen.push(`a${n}`));
    emitter.on((n) => seen.push(`b${n}`));
    emitter.emit(1);
    off();
    emitter.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('a throwing listener does not keep the others from hearing the event', () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const emitter = new Emitter<number>((err) => errors.push(err));
    emitter.on(() => {
      throw new Error('listener bug');
    });
    emitter.on((n) => seen.push(n));
    emitter.emit(7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});
