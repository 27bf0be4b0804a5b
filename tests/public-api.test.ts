import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blackScholes, impliedVolatility, MarketError } from 'legflow';

const ROOT = resolve(import.meta.dirname, '..');

describe("the package's programmatic API", () => {
  it('prices Hull’s example 15.6 and recovers its volatility (S 42, K 40, r 10 %, σ 20 %, 6 months)', () => {
    const input = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };
    const call = blackScholes({ ...input, optionType: 'CE' });
    const put = blackScholes({ ...input, optionType: 'PE' });
    expect([call.price.toFixed(2), put.price.toFixed(2), call.delta.toFixed(4)]).toEqual(['4.76', '0.81', '0.7791']);
    expect(impliedVolatility(call.price, { optionType: 'CE', spot: 42, strike: 40, years: 0.5, rate: 0.1 })).toBeCloseTo(0.2, 8);
  });

  it('refuses a NaN input or an unknown option type with a MarketError a caller can branch on', () => {
    const input = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };
    expect(() => blackScholes({ ...input, optionType: 'CE', spot: Number.NaN })).toThrow(MarketError);
    expect(() => blackScholes({ ...input, optionType: 'CALL' as 'CE' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'Black-Scholes needs an optionType of "CE" or "PE"; got "CALL".' }),
    );
    expect(() => impliedVolatility(Infinity, { ...input, optionType: 'PE' })).toThrow('Implied volatility needs a finite price; got Infinity.');
  });

  it("resolves `import … from 'legflow'` in a plain Node process run through tsx", () => {
    const script =
      "import('legflow').then((m) => console.log(m.blackScholes({ optionType: 'CE', spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 }).price.toFixed(4)))";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('4.7594');
  });
});
