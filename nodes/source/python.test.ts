import { describe, expect, it } from 'vitest';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { pythonSource as node } from './python.ts';

describe('source.python', () => {
  const params = node.params.parse({ channel: 'quant-1', actions: ['BUY'] });

  it('matches Python signals on its channel and action filter', () => {
    expect(node.trigger?.source).toBe('python');
    expect(node.trigger?.matches(testSignal({ source: 'python', channel: 'quant-1', action: 'BUY' }), params, 'py')).toBe(true);
    expect(node.trigger?.matches(testSignal({ source: 'python', channel: 'quant-1', action: 'SELL' }), params, 'py')).toBe(false);
    expect(node.trigger?.matches(testSignal({ source: 'tradingview', channel: 'quant-1', action: 'BUY' }), params, 'py')).toBe(false);
  });

  it('passes the signal on unchanged', async () => {
    const msg = testMessage({}, { source: 'python' });
    expect(await node.run(testContext().ctx, msg, params)).toEqual({ signal: msg });
  });
});
