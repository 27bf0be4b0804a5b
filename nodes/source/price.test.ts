import { describe, expect, it } from 'vitest';
import { istToMs } from '../../runtime/time.ts';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { priceFires, priceSource as node } from './price.ts';

const t = (time: string, date = '2026-11-25') => istToMs(date, time);
const move = (previous: number, current: number, now = t('10:00'), lastFiredAt?: number) => ({ previous, current, now, lastFiredAt });

describe('source.price', () => {
  const above = node.params.parse({ level: 26200 });

  it('fires when the index crosses the level in its direction: from below it to at or above it', () => {
    expect(priceFires(above, move(26150, 26200))).toBe('2026-11-25'); // reaching the level counts
    expect(priceFires(above, move(26199.95, 26310))).toBe('2026-11-25');
    expect(priceFires(above, move(26200, 26250))).toBeUndefined(); // already at the level: no cross
    expect(priceFires(above, move(26150, 26199.95))).toBeUndefined();
    expect(priceFires(above, move(26250, 26100))).toBeUndefined(); // the other way
    const below = { ...above, direction: 'below' as const };
    expect(priceFires(below, move(26250, 26100))).toBe('2026-11-25');
    expect(priceFires(below, move(26150, 26250))).toBeUndefined();
    const either = { ...above, direction: 'either' as const };
    expect([priceFires(either, move(26150, 26250)), priceFires(either, move(26250, 26150))]).toEqual(['2026-11-25', '2026-11-25']);
  });

  it('once a day by default; every cross, or only once, on request', () => {
    const up = (now: number, lastFiredAt?: number) => move(26150, 26250, now, lastFiredAt);
    expect(priceFires(above, up(t('11:00'), t('10:00')))).toBeUndefined();
    expect(priceFires(above, up(t('09:20', '2026-11-26'), t('10:00')))).toBe('2026-11-26');
    const every = { ...above, repeat: 'every-cross' as const };
    expect(priceFires(every, up(t('11:00'), t('10:00')))).toBe(String(t('11:00')));
    const once = { ...above, repeat: 'once' as const };
    expect(priceFires(once, up(t('10:00')))).toBe('once');
    expect(priceFires(once, up(t('09:20', '2026-11-26'), t('10:00')))).toBeUndefined();
  });

  it('matches only price signals addressed to this node, and passes them on', async () => {
    expect(node.trigger?.matches(testSignal({ source: 'price', data: { nodeId: 'cross' } }), above, 'cross')).toBe(true);
    expect(node.trigger?.matches(testSignal({ source: 'price', data: { nodeId: 'x' } }), above, 'cross')).toBe(false);
    expect(node.trigger?.matches(testSignal({ source: 'schedule', data: { nodeId: 'cross' } }), above, 'cross')).toBe(false);
    expect(node.trigger?.matches(testSignal({ source: 'price', data: {} }), above, 'cross')).toBe(true); // a test run's sample
    expect(node.trigger?.watchPrice?.underlying(node.params.parse({ underlying: 'BANKNIFTY' }))).toBe('BANKNIFTY');
    const msg = testMessage({}, { source: 'price' });
    expect(await node.run(testContext().ctx, msg, above)).toEqual({ signal: msg });
  });

  it('summarises level, direction, action and repeat', () => {
    expect(node.summary(above)).toBe('NIFTY ↑ 26,200 · ENTRY · once a day');
    expect(node.summary(node.params.parse({ underlying: 'BANKNIFTY', level: 59000, direction: 'either', action: 'exit', repeat: 'every-cross' }))).toBe(
      'BANKNIFTY ↕ 59,000 · EXIT · every cross',
    );
  });
});
