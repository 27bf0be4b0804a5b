import { describe, expect, it } from 'vitest';
import { FunctionRouter, type CallFrame } from './function-router.ts';

function link(id: string, userId: string, sent: CallFrame[] = []) {
  return { id, userId, send: (frame: CallFrame) => void sent.push(frame) };
}

describe('FunctionRouter', () => {
  it('takes an answer only from the worker the call went to', async () => {
    const router = new FunctionRouter();
    const sent: CallFrame[] = [];
    router.connect(link('w1', 'u1', sent));
    router.connect(link('w2', 'u1'));
    router.register('w1', ['f']);
    const result = router.forUser('u1').call('f', { x: 1 }, { timeoutMs: 1000 });
    expect(sent).toEqual([{ type: 'call', id: 'c1', function: 'f', timeoutMs: 1000, message: { x: 1 } }]);
    expect(router.answer('w2', 'c1', { ok: true, value: 'forged' })).toBe(false);
    expect(router.answer('w1', 'c1', { ok: true, value: 'real' })).toBe(true);
    await expect(result).resolves.toBe('real');
    expect(router.answer('w1', 'c1', { ok: true, value: 'again' })).toBe(false);
  });

  it('forgets a worker’s functions when it disconnects', async () => {
    const router = new FunctionRouter();
    router.connect(link('w1', 'u1'));
    expect(router.register('w1', ['f', 'g'])).toEqual(['f', 'g']);
    expect(router.register('w1', ['g', 'h'])).toEqual(['f', 'g', 'h']);
    router.disconnect('w1');
    expect(router.served('u1')).toEqual({});
    await expect(router.forUser('u1').call('f', {}, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'no_worker' });
  });
});
