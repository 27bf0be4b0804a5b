import { describe, expect, it } from 'vitest';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { manualSource as node } from './manual.ts';

describe('source.manual', () => {
  const params = node.params.parse({});

  it('receives the button press addressed to this node, not another node', () => {
    expect(node.trigger?.matches(testSignal({ source: 'manual', data: { nodeId: 'btn' } }), params, 'btn')).toBe(true);
    expect(node.trigger?.matches(testSignal({ source: 'manual', data: { nodeId: 'other' } }), params, 'btn')).toBe(false);
  });

  it('receives manual signals without a node id on its channel', () => {
    expect(node.trigger?.matches(testSignal({ source: 'manual', channel: 'manual' }), params, 'btn')).toBe(true);
    expect(node.trigger?.matches(testSignal({ source: 'manual', channel: 'elsewhere' }), params, 'btn')).toBe(false);
    expect(node.trigger?.matches(testSignal({ source: 'tradingview', channel: 'manual' }), params, 'btn')).toBe(false);
  });

  it('summarises and passes the signal on', async () => {
    expect(node.summary(params)).toBe('Button · ENTRY · channel manual');
    const msg = testMessage({}, { source: 'manual' });
    expect(await node.run(testContext().ctx, msg, params)).toEqual({ signal: msg });
  });
});
