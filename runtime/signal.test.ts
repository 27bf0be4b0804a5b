import { describe, expect, it } from 'vitest';
import { CHANNEL_PATTERN, dedupeKeyOf, findForbiddenKey, normalizeSignal, type NormalizeOptions, type Signal } from './signal.ts';

const opts: NormalizeOptions = { id: 'sig-1', source: 'tradingview', receivedAt: new Date('2026-11-25T04:30:00.000Z') };

function ok(raw: unknown, options: NormalizeOptions = opts): Signal {
  const result = normalizeSignal(raw, options);
  if (!result.ok) throw new Error(`expected a signal, got ${JSON.stringify(result.problems)}`);
  return result.signal;
}

function problems(raw: unknown) {
  const result = normalizeSignal(raw, opts);
  if (result.ok) throw new Error('expected the signal to be refused');
  return result.problems;
}

/** A TradingView alert message as the design's template fills it in: every placeholder arrives as text. */
const alert = {
  secret: 's3cr3t-value',
  action: 'buy',
  symbol: 'NIFTY',
  price: '24510.50',
  qty: '65',
  position: 'long',
  time: '2026-11-25T04:30:00Z',
  id: 'Long entry',
};

describe('normalizeSignal', () => {
  it('turns a TradingView alert into the normalised signal', () => {
    expect(ok({ ...alert, channel: 'nifty-straddle' })).toEqual({
      id: 'sig-1',
      source: 'tradingview',
      channel: 'nifty-straddle',
      action: 'BUY',
      symbol: 'NIFTY',
      price: 24510.5,
      qty: 65,
      position: 'long',
      time: '2026-11-25T04:30:00Z',
      receivedAt: '2026-11-25T04:30:00.000Z',
      data: { id: 'Long entry' },
      dedupeKey: 'nifty-straddle|id|["BUY","Long entry","2026-11-25T04:30:00Z"]',
    });
  });

  it('upper-cases the action and trims it', () => {
    expect(ok({ channel: 'c', action: ' entry ' }).action).toBe('ENTRY');
    expect(ok({ channel: 'c', action: 'Adjust_2' }).action).toBe('ADJUST_2');
  });

  it('refuses a missing or malformed action', () => {
    expect(problems({ channel: 'c' })).toEqual([{ path: 'action', message: expect.any(String) }]);
    expect(problems({ channel: 'c', action: '' })[0]).toEqual({ path: 'action', message: 'is required' });
    expect(problems({ channel: 'c', action: '1st' })).toEqual([{ path: 'action', message: 'must be a word such as ENTRY, EXIT, BUY or SELL' }]);
  });

  it('coerces quoted numbers and keeps real ones', () => {
    const s = ok({ channel: 'c', action: 'ENTRY', price: ' 24510.50 ', qty: '+2' });
    expect([s.price, s.qty]).toEqual([24510.5, 2]);
    expect(ok({ channel: 'c', action: 'ENTRY', price: '1e3', qty: 3 })).toMatchObject({ price: 1000, qty: 3 });
    expect(ok({ channel: 'c', action: 'ENTRY', price: '-.5' }).price).toBe(-0.5);
  });

  it('treats an empty placeholder as not given', () => {
    const s = ok({ channel: 'c', action: 'ENTRY', price: '', qty: '  ', symbol: '', position: '', time: '' });
    for (const field of ['price', 'qty', 'symbol', 'position', 'time'] as const) expect(s).not.toHaveProperty(field);
  });

  it('takes a TradingView placeholder left unfilled as not given, and names the fields', () => {
    const s = ok({
      channel: 'c',
      action: 'EXIT',
      id: '{{strategy.order.id}}',
      time: ' {{timenow}} ',
      price: '{{close}}',
      strike: '{{plot_0}}',
      note: 'at {{close}}',
    });
    for (const field of ['price', 'time'] as const) expect(s).not.toHaveProperty(field);
    expect(s.data).toEqual({ note: 'at {{close}}' });
    expect(s.unfilled).toEqual(['id', 'time', 'price', 'strike']);
    // Without an id and time the body is the duplicate key, not one shared "{{strategy.order.id}}" key.
    expect(s.dedupeKey).toMatch(/^c\|body\|/);
    expect(ok({ channel: 'c', action: 'EXIT' })).not.toHaveProperty('unfilled');
  });

  it('refuses an unfilled action, saying TradingView left the placeholder', () => {
    expect(problems({ channel: 'c', action: '{{strategy.order.action}}', price: 'abc' })).toEqual([
      { path: 'action', message: expect.stringContaining('{{strategy.order.action}}, which TradingView did not fill in') },
      { path: 'price', message: 'must be a number' },
    ]);
  });

  it.each(['abc', '12abc', 'NaN', 'Infinity', '1,000'])('refuses a price of %j instead of reading it as 0', (price) => {
    expect(problems({ channel: 'c', action: 'ENTRY', price })).toEqual([{ path: 'price', message: 'must be a number' }]);
  });

  it('reports every problem of a bad signal at once', () => {
    const paths = problems({ channel: 'bad channel', action: 'go!', price: 'abc', qty: 'x' }).map((p) => p.path);
    expect(paths).toEqual(['channel', 'action', 'price', 'qty']);
  });

  it('never keeps the secret', () => {
    const s = ok({ ...alert, channel: 'c' });
    expect(s.data).not.toHaveProperty('secret');
    expect(JSON.stringify(s)).not.toContain('s3cr3t-value');
  });

  it('keeps every other field in data, nested values as sent', () => {
    const s = ok({ channel: 'c', action: 'ENTRY', strategy: 'orb', legs: [{ strike: 26000, side: 'SELL' }], meta: { bar: 5 } });
    expect(s.data).toEqual({ strategy: 'orb', legs: [{ strike: 26000, side: 'SELL' }], meta: { bar: 5 } });
  });

  it('keeps a text message, and turns a numeric symbol into text', () => {
    expect(ok({ channel: 'c', action: 'ENTRY', text: 'RSI crossed 70', symbol: 500325 })).toMatchObject({ text: 'RSI crossed 70', symbol: '500325' });
  });

  it('takes the source from the caller first, then the body, then manual', () => {
    const body = { channel: 'c', action: 'ENTRY', source: 'python' };
    expect(ok(body).source).toBe('tradingview');
    expect(ok(body, { id: 's', receivedAt: '2026-11-25T04:30:00.000Z' }).source).toBe('python');
    expect(ok({ channel: 'c', action: 'ENTRY' }, { id: 's', receivedAt: '2026-11-25T04:30:00.000Z' })).toMatchObject({
      source: 'manual',
      receivedAt: '2026-11-25T04:30:00.000Z',
    });
  });

  it.each([
    ['at the top', '{"channel":"c","action":"ENTRY","__proto__":{"polluted":1}}', '__proto__'],
    ['inside data', '{"channel":"c","action":"ENTRY","meta":{"constructor":{"prototype":{"polluted":1}}}}', 'meta.constructor'],
    ['inside a list', '{"channel":"c","action":"ENTRY","legs":[{"side":"SELL"},{"prototype":1}]}', 'legs.1.prototype'],
  ])('refuses __proto__, constructor and prototype keys %s', (_where, body, path) => {
    expect(problems(JSON.parse(body))).toEqual([{ path, message: 'this key name is not allowed' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body that is not an object', () => {
    for (const raw of [null, 42, 'ENTRY', []]) expect(problems(raw)).toEqual([{ path: '(signal)', message: expect.any(String) }]);
  });
});

describe('channels', () => {
  it.each(['nifty', 'nifty-straddle', 'quant.v2', 'team_a:orb', '9am', 'x'.repeat(100)])('accepts %j', (channel) => {
    expect(CHANNEL_PATTERN.test(channel)).toBe(true);
    expect(ok({ channel, action: 'ENTRY' }).channel).toBe(channel);
  });

  it.each(['', 'nifty straddle', '-nifty', '.hidden', 'nifty/straddle', 'x'.repeat(101)])('refuses %j', (channel) => {
    expect(problems({ channel, action: 'ENTRY' })).toEqual([{ path: 'channel', message: 'must be 1-100 letters, digits, ".", "_", ":" or "-"' }]);
  });
});

describe('dedupeKey', () => {
  it('is the same for the same action, id and time, whatever else changed (the journal tells a resend from a conflict)', () => {
    const first = ok({ ...alert, channel: 'c' });
    const resent = ok({ ...alert, channel: 'c', price: '24511' }, { ...opts, id: 'sig-2' });
    expect(resent.dedupeKey).toBe(first.dedupeKey);
    expect(ok({ ...alert, channel: 'c', time: '2026-11-25T04:31:00Z' }).dedupeKey).not.toBe(first.dedupeKey);
    // An EXIT sharing the ENTRY's id and time is another alert.
    expect(ok({ ...alert, channel: 'c', action: 'sell' }).dedupeKey).not.toBe(first.dedupeKey);
    expect(ok({ ...alert, channel: 'other' }).dedupeKey).not.toBe(first.dedupeKey);
  });

  it('without id and time, is the same for the same body and different for a different body', () => {
    const body = { channel: 'c', action: 'ENTRY', price: '24510.5' };
    const key = ok(body).dedupeKey;
    expect(ok({ price: '24510.5', action: 'ENTRY', channel: 'c' }).dedupeKey).toBe(key);
    expect(ok({ ...body, price: '24511' }).dedupeKey).not.toBe(key);
    expect(ok({ ...body, id: 'only-an-id' }).dedupeKey).not.toBe(key);
  });

  it('uses the raw body as received when there is one', () => {
    const body = { channel: 'c', action: 'ENTRY' };
    const a = ok(body, { ...opts, rawBody: '{"channel":"c","action":"ENTRY"}' });
    const b = ok(body, { ...opts, rawBody: '{"channel":"c","action":"ENTRY"}' });
    const c = ok(body, { ...opts, rawBody: '{"action":"ENTRY","channel":"c"}' });
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(c.dedupeKey).not.toBe(a.dedupeKey);
  });

  it('is scoped to the channel', () => {
    expect(dedupeKeyOf('a', 'ENTRY', 'id', 't', '{}')).toBe('a|id|["ENTRY","id","t"]');
    expect(dedupeKeyOf('a', 'ENTRY', undefined, undefined, '{}')).not.toBe(dedupeKeyOf('b', 'ENTRY', undefined, undefined, '{}'));
    expect(dedupeKeyOf('a', 'ENTRY', 'id', undefined, '{}')).toMatch(/^a\|body\|[0-9a-f]{32}$/);
  });

  it('cannot mistake one id and time for another', () => {
    expect(dedupeKeyOf('a', 'ENTRY', 'x|1', '2', '{}')).not.toBe(dedupeKeyOf('a', 'ENTRY', 'x', '1|2', '{}'));
  });
});

describe('findForbiddenKey', () => {
  it('finds the first forbidden key at any depth as a dotted path, or nothing', () => {
    expect(findForbiddenKey({ a: { b: [{ c: 1 }, { d: { prototype: 1 } }] } })).toBe('a.b.1.d.prototype');
    expect(findForbiddenKey({ a: 1, b: ['constructor'], c: null })).toBeUndefined();
    expect(findForbiddenKey('__proto__')).toBeUndefined();
  });
});
