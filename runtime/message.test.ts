import { describe, expect, it } from 'vitest';
import { messageFromSignal, ruleData } from './message.ts';
import { tvSignal } from './testing/graph.ts';

describe('ruleData', () => {
  it('gives rules the signal fields, the alert’s other fields, the vars and the legs; a field shadows a data key of its name', () => {
    const signal = tvSignal('s1', 'ENTRY', 0, { price: 25_900.5, data: { rsi: 71.5, symbol: 'spoofed', strategy: { name: 'orb' } } });
    const msg = { ...messageFromSignal(signal), vars: { iv: 0.14 } };
    const data = ruleData(msg);
    expect(data).toMatchObject({
      action: 'ENTRY',
      channel: 'nifty',
      source: 'tradingview',
      price: 25_900.5,
      rsi: 71.5,
      strategy: { name: 'orb' },
      vars: { iv: 0.14 },
      legs: [],
    });
    // The alert carried no symbol field: the data's "symbol" does not stand in for it.
    expect(Object.hasOwn(data, 'symbol') && data.symbol).toBeUndefined();
    expect(data.signal).toBe(signal);
  });
});
