import { describe, expect, it } from 'vitest';
import { evaluate, type Bar } from './pine-expression.ts';
import { parsePine } from './pine-source.ts';

const bar: Bar = { mintick: 0.05, values: { close: 25880.52, time: Date.parse('2026-11-25T04:25:00Z'), rsi: 31.4, 'syminfo.ticker': 'NIFTY' } };
const script = parsePine(
  'test.pine',
  [
    '//@version=6',
    'indicator("t")',
    'channel = input.string("nifty-straddle", "Channel") // a trailing comment',
    "url = 'http://example' // the // inside the string stays",
    'tag(string action) =>',
    '    \'{"channel":"\' + channel + \'",\' +',
    '      \'"action":"\' + action + \'"}\'',
    'if close > 0',
    '    alert(tag("ENTRY"), alert.freq_once_per_bar_close)',
  ].join('\n'),
);
const scope = { template: script, bar };

describe('reading a Pine script', () => {
  it('finds inputs with their defaults, globals, one-expression functions over wrapped lines, and alert calls', () => {
    expect(script.inputs.get('channel')).toEqual({ title: 'Channel', value: 'nifty-straddle' });
    expect(script.globals.get('url')).toBe("'http://example'");
    expect(script.functions.get('tag')?.params).toEqual(['action']);
    expect(script.alerts).toEqual([{ via: 'alert', line: 9, expression: 'tag("ENTRY")', freq: 'alert.freq_once_per_bar_close' }]);
  });

  it('refuses a script without a declaration', () => {
    expect(() => parsePine('x.pine', '//@version=6\nx = 1')).toThrow(/no indicator\(\) or strategy\(\)/);
  });
});

describe('evaluating a message', () => {
  it('joins strings, calls the script functions and takes inputs over defaults', () => {
    expect(evaluate('tag("EXIT")', scope)).toBe('{"channel":"nifty-straddle","action":"EXIT"}');
    expect(evaluate('tag("EXIT")', { ...scope, inputs: { channel: 'mine' } })).toBe('{"channel":"mine","action":"EXIT"}');
  });

  it('formats numbers and times as the built-ins do', () => {
    expect(evaluate('str.tostring(close, format.mintick)', scope)).toBe('25880.50');
    expect(evaluate('str.tostring(rsi, "#.##")', scope)).toBe('31.4');
    expect(evaluate('str.tostring(2)', scope)).toBe('2');
    expect(evaluate(`str.format_time(time, "yyyy-MM-dd'T'HH:mm:ss'Z'", "UTC")`, scope)).toBe('2026-11-25T04:25:00Z');
  });

  it('names what it cannot evaluate instead of guessing', () => {
    expect(() => evaluate('"a" + atr', scope)).toThrow(/"atr" has no value/);
    expect(() => evaluate('"a" + close', scope)).toThrow(/cannot add a string and a number/);
    expect(() => evaluate('ta.rsi(close, 14)', scope)).toThrow(/does not know ta\.rsi\(\)/);
    expect(() => evaluate(`str.format_time(time, "HH:mm", "UTC")`, scope)).toThrow(/supported only as/);
  });
});
