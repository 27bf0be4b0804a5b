import { describe, expect, it } from 'vitest';
import { istToMs } from '../../runtime/time.ts';
import { testContext, testMessage } from '../testing/context.ts';
import { timeWindowTransform as node } from './time-window.ts';

describe('transform.time-window', () => {
  const p = node.params.parse({});
  const msg = testMessage();
  const at = async (date: string, time: string) => {
    const out = await node.run(testContext({ now: istToMs(date, time) }).ctx, msg, p);
    return Object.keys(out ?? {})[0];
  };

  it('is open from start (included) to end (excluded), IST', async () => {
    expect(await at('2026-01-05', '09:19:59')).toBe('outside');
    expect(await at('2026-01-05', '09:20')).toBe('inside');
    expect(await at('2026-01-05', '14:59:59')).toBe('inside');
    expect(await at('2026-01-05', '15:00')).toBe('outside');
  });

  it('is closed on weekends and exchange holidays unless told otherwise', async () => {
    expect(await at('2026-01-10', '10:00')).toBe('outside'); // Saturday
    expect(await at('2026-01-26', '10:00')).toBe('outside'); // Republic Day (a Monday)
    const holidaysToo = node.params.parse({ tradingDaysOnly: false });
    const out = await node.run(testContext({ now: istToMs('2026-01-26', '10:00') }).ctx, msg, holidaysToo);
    expect(out).toEqual({ inside: msg });
  });

  it('refuses a window that closes before it opens', () => {
    expect(node.check?.(node.params.parse({ start: '15:00', end: '09:20' }))).toHaveLength(1);
    expect(node.check?.(p)).toEqual([]);
    expect(node.summary(p)).toBe('09:20–15:00 IST · Mon–Fri · trading days');
  });
});
