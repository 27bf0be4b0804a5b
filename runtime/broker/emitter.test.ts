import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.ts';

describe('Emitter', () => {
  it('delivers to every listener in order and stops after unsubscribe', () => {
    const seen: string[] = [];
    const emitter = new Emitter<number>();
    expect(emitter.listened).toBe(false);
    const off = emitter.on((n) => seen.push(`a${n}`));
    const offB = emitter.on((n) => seen.push(`b${n}`));
    expect(emitter.listened).toBe(true);
    emitter.emit(1);
    off();
    emitter.emit(2);
    offB();
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(emitter.listened).toBe(false);
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
