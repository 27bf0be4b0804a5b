import { describe, expect, it } from 'vitest';
import { INPUT_KINDS, OUTPUT_KINDS, canConnect, resolveOutputKind } from './ports.ts';

describe('canConnect', () => {
  it('lets legs go anywhere a signal may, but never a plain signal into a legs input', () => {
    const table = (['signal', 'legs'] as const).map((from) => INPUT_KINDS.map((to) => `${from}→${to}: ${canConnect(from, to)}`));
    expect(table).toEqual([
      ['signal→signal: true', 'signal→legs: false', 'signal→any: true'],
      ['legs→signal: true', 'legs→legs: true', 'legs→any: true'],
    ]);
  });
});

describe('resolveOutputKind', () => {
  it('keeps a declared signal or legs output as it is, whatever arrives', () => {
    expect(resolveOutputKind('signal', ['legs'])).toBe('signal');
    expect(resolveOutputKind('legs', [])).toBe('legs');
  });

  it('makes a "same" output carry legs only when everything arriving carries legs', () => {
    expect(resolveOutputKind('same', ['legs'])).toBe('legs');
    expect(resolveOutputKind('same', ['legs', 'legs'])).toBe('legs');
    expect(resolveOutputKind('same', ['signal'])).toBe('signal');
    expect(resolveOutputKind('same', ['legs', 'signal'])).toBe('signal');
    expect(resolveOutputKind('same', [])).toBe('signal');
  });

  it('has "same" only among output kinds', () => {
    expect(OUTPUT_KINDS).toContain('same');
    expect(INPUT_KINDS).not.toContain('same');
  });
});
