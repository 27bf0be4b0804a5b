import { describe, expect, it } from 'vitest';
import { backtest, refusal, tempFile as file } from './testing/backtest-cli.ts';
import { handQuote } from '../runtime/backtest/history/testing/hand-quote.ts';
import { istToMs } from '../runtime/time.ts';

const TEMPLATE = 'templates/short-straddle.graph.json';
const SIGNALS = 'time,action\n2026-11-25 10:00,ENTRY\n2026-11-25 11:00,EXIT\n';
/** The NIFTY weekly current on Wed 25 Nov 2026: Tue 1 Dec, 15:30 IST. */
const EXPIRY = istToMs('2026-12-01', '15:30');

/**
 * Minute bars of Wed 25 Nov 2026 stamped at their open, 09:15 to 15:29: NIFTY at 26,000 until the bar of
 * 09:59, 26,020 from the bar of 10:00 on. A bar stamped 09:59 is known at 10:00.
 */
function barsCsv(): string {
  const lines = ['datetime,open,high,low,close'];
  for (let m = 0; m < 375; m++) {
    const t = new Date(istToMs('2026-11-25', '09:15') + m * 60_000 + 5.5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const close = m < 45 ? 26_000 : 26_020;
    lines.push(`${t},${close},${close},${close},${close}`);
  }
  return lines.join('\n') + '\n';
}

describe('legflow backtest --data', () => {
  it('trades on the bars of the file, each known one bar after its stamp, and lists the rows it left out', async () => {
    const text = barsCsv() + '2026-11-25 15:30,abc,1,1,1\n2026-11-25 09:15,26000,26000,26000,26000\n';
    const data = file('nifty.csv', text);
    const r = await backtest(
      TEMPLATE,
      '--from',
      '2026-11-25',
      '--to',
      '2026-11-25',
      '--signals',
      file('s.csv', SIGNALS),
      '--data',
      data,
      '--symbol',
      'nifty',
      '--vol',
      '0.12',
      '--json',
    );
    expect(r.code).toBe(0);
    // Line 1 is the header; 375 bars on lines 2–376; the bad row on 377, the repeat of 09:15 on 378.
    expect(r.err.trim().split('\n')).toEqual([
      `legflow: 2 of 377 rows of ${data} are not bars and were left out:`,
      '  line 377: open "abc" is not a number',
      '  line 378: a second bar of NIFTY at 2026-11-25T03:45:00.000Z (the first, line 2, is kept)',
    ]);
    const out = JSON.parse(r.out) as { trades: Array<{ symbol: string; entryPrice: number; exitPrice: number }>; inputs: Record<string, unknown> };
    // At 10:00 the bar in force is the one stamped 09:59 (26,000), not the one stamped 10:00 (26,020): sold at
    // the 26,000 strike's bids; at 11:00 bought back at the asks on 26,020.
    const at = (hhmm: string) => istToMs('2026-11-25', hhmm);
    const entry = (type: 'CE' | 'PE') => handQuote(26_000, 26_000, type, at('10:00'), EXPIRY, 0.12).bid;
    const exit = (type: 'CE' | 'PE') => handQuote(26_020, 26_000, type, at('11:00'), EXPIRY, 0.12).ask;
    expect(out.trades.map((t) => [t.symbol, t.entryPrice, t.exitPrice])).toEqual([
      ['NIFTY01DEC2626000CE', entry('CE'), exit('CE')],
      ['NIFTY01DEC2626000PE', entry('PE'), exit('PE')],
    ]);
    expect(out.inputs).toMatchObject({
      seed: null,
      settings: { market: { market: 'history', closeKnownAfterMs: 60_000, underlyings: { NIFTY: { bars: 375 } } } },
      historyFiles: { data: { format: 'csv', rows: 377 }, volatility: null },
    });
  });

  it('takes bars stamped at their close as known at their stamp', async () => {
    const data = file('nifty.csv', barsCsv());
    const r = await backtest(
      TEMPLATE,
      '--from',
      '2026-11-25',
      '--to',
      '2026-11-25',
      '--signals',
      file('s.csv', SIGNALS),
      '--data',
      data,
      '--symbol',
      'NIFTY',
      '--vol',
      '0.12',
      '--bars-stamped',
      'close',
      '--json',
    );
    const out = JSON.parse(r.out) as { trades: Array<{ entryPrice: number }> };
    // The bar stamped 10:00 (26,020) is now known at 10:00: the strike is still 26,000 (ATM of 26,020), priced on 26,020.
    expect(out.trades[0]!.entryPrice).toBe(handQuote(26_020, 26_000, 'CE', istToMs('2026-11-25', '10:00'), EXPIRY, 0.12).bid);
  });

  it('prices options from a daily volatility index file, in percent, each close known the next day', async () => {
    // The close of 24 Nov (12) prices the 25th; the 25th's own close (20) is not known until it ends.
    const vix = file('vix.csv', 'date,open,high,low,close\n2026-11-24,13,13,11,12\n2026-11-25,12,21,12,20\n');
    const data = file('nifty.csv', barsCsv());
    const r = await backtest(
      TEMPLATE,
      '--from',
      '2026-11-25',
      '--to',
      '2026-11-25',
      '--signals',
      file('s.csv', SIGNALS),
      '--data',
      data,
      '--symbol',
      'NIFTY',
      '--vol-file',
      vix,
      '--json',
    );
    const out = JSON.parse(r.out) as { trades: Array<{ entryPrice: number }> };
    expect(out.trades[0]!.entryPrice).toBe(handQuote(26_000, 26_000, 'CE', istToMs('2026-11-25', '10:00'), EXPIRY, 0.12).bid);
  });

  it('refuses what it cannot run, saying what to give instead', async () => {
    const data = file('nifty.csv', barsCsv());
    const base = [TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-25', '--data', data, '--symbol', 'NIFTY'];
    expect(await refusal(...base)).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('give --vol (a decimal, 0.14 for 14 %) or --vol-file') as unknown,
    });
    expect(await refusal(...base, '--vol', '14')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--vol must be a volatility as a decimal') as unknown,
    });
    expect(await refusal(...base, '--vol', '0.12', '--seed', '3')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--seed is for the synthetic market') as unknown,
    });
    expect(await refusal(...base, '--vol', '0.12', '--data-format', 'parquet')).toMatchObject({
      exitCode: 2,
      message: '--data-format must be csv or amibroker; got "parquet"',
    });
    expect(await refusal(...base, '--vol', '0.12', '--bars-stamped', 'middle')).toMatchObject({
      exitCode: 2,
      message: '--bars-stamped must be open or close; got "middle"',
    });
    // Thu 26 Nov 2026 trades, and the file has no bars of it.
    expect((await refusal(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-26', '--data', data, '--symbol', 'NIFTY', '--vol', '0.12')).message).toContain(
      "NIFTY has no bars on 1 of the range's 2 trading days (2026-11-26)",
    );
    const noSymbol = await refusal(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-25', '--data', data, '--vol', '0.12');
    expect(noSymbol).toMatchObject({ exitCode: 1, message: expect.stringContaining('has no symbol column') as unknown });
    const header = await refusal(
      TEMPLATE,
      '--from',
      '2026-11-25',
      '--to',
      '2026-11-25',
      '--data',
      file('x.csv', 'a,b\n1,2\n'),
      '--symbol',
      'NIFTY',
      '--vol',
      '0.12',
    );
    expect(header.message).toMatch(/^history file .*x\.csv: The bar file's header \(a, b\) names no time/);
    expect((await refusal(...base.slice(0, 5), '--data', '/nonexistent/bars.csv', '--vol', '0.12')).message).toBe(
      'history file not found: /nonexistent/bars.csv',
    );
  });
});
