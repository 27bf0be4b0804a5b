import { describe, expect, it } from 'vitest';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { tradingviewSource as node } from './tradingview.ts';

describe('source.tradingview', () => {
  const params = node.params.parse({ channel: 'nifty-straddle' });

  it('listens on its channel for TradingView alerts only', () => {
    expect(node.trigger?.channel?.(params)).toBe('nifty-straddle');
    expect(node.trigger?.matches(testSignal({ channel: 'nifty-straddle' }), params, 'tv')).toBe(true);
    expect(node.trigger?.matches(testSignal({ channel: 'other' }), params, 'tv')).toBe(false);
    expect(node.trigger?.matches(testSignal({ channel: 'nifty-straddle', source: 'python' }), params, 'tv')).toBe(false);
  });

  it('accepts only the listed actions, in any case, when a filter is set', () => {
    const filtered = node.params.parse({ channel: 'nifty-straddle', actions: ['entry', 'EXIT'] });
    expect(node.trigger?.matches(testSignal({ channel: 'nifty-straddle', action: 'ENTRY' }), filtered, 'tv')).toBe(true);
    expect(node.trigger?.matches(testSignal({ channel: 'nifty-straddle', action: 'ADJUST' }), filtered, 'tv')).toBe(false);
    expect(node.summary(filtered)).toBe('Channel nifty-straddle · ENTRY, EXIT');
  });

  it('passes the signal on unchanged', async () => {
    const msg = testMessage();
    expect(await node.run(testContext().ctx, msg, params)).toEqual({ signal: msg });
  });
});
