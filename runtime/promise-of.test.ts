import { describe, expect, it } from 'vitest';
import { promiseOf } from './promise-of.ts';

describe('promiseOf', () => {
  it('resolves with what the function returns', async () => {
    await expect(promiseOf(() => 42)).resolves.toBe(42);
  });

  it('rejects with what the function throws, instead of throwing at the caller', async () => {
    const failure = new Error('unknown account');
    let call: Promise<never> | undefined;
    expect(() => {
      call = promiseOf(() => {
        throw failure;
      });
    }).not.toThrow();
    await expect(call).rejects.toBe(failure);
  });
});
