import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestCommand } from './backtest-command.ts';
import { backtest, refusal, tempFile as file } from './testing/backtest-cli.ts';
import type { CliError } from './cli-error.ts';

const TEMPLATE = 'templates/short-straddle.graph.json';

const SIGNALS = 'time,action\n2026-11-25 09:45,ENTRY\n2026-11-25 11:00,EXIT\n';

describe('legflow backtest', () => {
  it('prints a short summary of the run', async () => {
    const r = await backtest(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--signals', file('s.csv', SIGNALS));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(
      'Backtest of "NIFTY short straddle on TradingView", 2026-11-23 to 2026-11-25 (2 trading days), synthetic market seed 1, capital ₹10,00,000.00',
    );
    expect(lines[1]).toBe('Signals: 2 of 2 rows (CSV), 2 in the range');
    expect(lines[2]).toMatch(/^Net P&L -?₹[\d,]+\.\d\d after ₹[\d,]+\.\d\d charges \(gross -?₹[\d,]+\.\d\d\)$/);
    expect(lines[3]).toMatch(/^Trades 2: \d won, \d lost, win rate [\d.]+ %/);
    expect(lines).toHaveLength(5);
  });

  it('prints summary, trades, days and inputs as JSON with --json, the trades as the summary counts them', async () => {
    const signals = file('s.csv', SIGNALS);
    const r = await backtest(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--signals', signals, '--seed', '3', '--capital', '500000', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['summary', 'trades', 'days', 'tables', 'curves', 'openGroups', 'runs', 'inputs']);
    expect(json.trades).toHaveLength(json.summary.trades);
    expect(Object.keys(json.trades[0])).toEqual(
      expect.arrayContaining(['legId', 'symbol', 'side', 'qty', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'exitReason', 'pnl']),
    );
    expect(json.days.map((d: { date: string }) => d.date)).toEqual(['2026-11-23', '2026-11-25']);
    // The tables and curves add up to the summary: November 2026's cell and the last equity point.
    expect(json.tables.monthYear).toEqual([
      { year: 2026, months: [null, null, null, null, null, null, null, null, null, null, json.summary.netPnl, null], total: json.summary.netPnl },
    ]);
    expect(json.curves.daily.equity.at(-1)).toEqual({ date: '2026-11-25', equity: Number((500_000 + json.summary.netPnl).toFixed(2)) });
    expect(json.inputs).toMatchObject({
      seed: 3,
      settings: { capital: 500_000 },
      signals: { count: 2 },
      signalsFile: { format: 'plain', rows: 2, problems: [] },
    });
    // The same command again prints the same bytes.
    expect(
      (await backtest(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--signals', signals, '--seed', '3', '--capital', '500000', '--json')).out,
    ).toBe(r.out);
  });

  it('writes the trade log and the day-wise P&L as CSV files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legflow-csv-'));
    const args = [TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--signals', file('s.csv', SIGNALS)];
    const r = await backtest(...args, '--trades-csv', join(dir, 'trades.csv'), '--days-csv', join(dir, 'days.csv'), '--json');
    const json = JSON.parse(r.out);
    const trades = readFileSync(join(dir, 'trades.csv'), 'utf8').trim().split('\r\n');
    expect(trades[0]).toBe('legId,groupId,symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,exitReason,grossPnl,charges,pnl');
    expect(trades).toHaveLength(1 + json.trades.length);
    expect(trades[1]!.split(',')[2]).toBe(json.trades[0].symbol);
    const days = readFileSync(join(dir, 'days.csv'), 'utf8').trim().split('\r\n');
    expect(days.slice(1).map((line) => line.split(',')[0])).toEqual(['2026-11-23', '2026-11-25']);
    const refused = await backtest(...args, '--trades-csv', join(dir, 'no-such-folder', 'x.csv')).then(
      () => undefined,
      (e: unknown) => e as CliError,
    );
    expect(refused?.message).toMatch(/^cannot write the trade log to .*x\.csv: ENOENT/);
  });

  it('lists the rows of the signals file it could not read, by line, and runs the rest', async () => {
    const r = await backtest(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-25', '--signals', file('s.csv', `${SIGNALS}noon,ENTRY\n2026-11-25 12:00,\n`));
    expect(r.code).toBe(0);
    expect(r.err.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^legflow: 2 of 4 rows of .*s\.csv are not signals and were left out:$/),
      expect.stringMatching(/^ {2}line 4: "noon" is not a time/),
      '  line 5: no action: write ENTRY, EXIT or another word the graph routes on',
    ]);
    expect(r.out).toContain('Signals: 2 of 4 rows (CSV), 2 in the range');
  });

  it('answers a usage error with exit 2', async () => {
    expect(await refusal(TEMPLATE, '--from', '2026-11-23')).toEqual({
      exitCode: 2,
      message: expect.stringMatching(/^usage: legflow backtest <graph.json> --from/),
    });
    expect(await refusal(TEMPLATE, '--from', '23/11/2026', '--to', '2026-11-25')).toEqual({
      exitCode: 2,
      message: '--from must be a date YYYY-MM-DD; got "23/11/2026"',
    });
    expect(await refusal(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--seed=-1')).toEqual({
      exitCode: 2,
      message: '--seed must be a whole number; got "-1"',
    });
    expect(await refusal(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--seed', '-1')).toEqual({
      exitCode: 2,
      message: expect.stringMatching(/^Option '--seed' argument is ambiguous; usage: legflow backtest [^\n]*$/),
    });
    expect(await refusal(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--capital', 'lots')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--capital must be an amount in rupees'),
    });
    expect(await refusal(TEMPLATE, '--from', '2026-11-23', '--to', '2026-11-25', '--speed', '2')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("Unknown option '--speed'"),
    });
  });

  it('answers bad input with exit 1 and one line saying what to do', async () => {
    const range = ['--from', '2026-11-23', '--to', '2026-11-25'];
    expect(await refusal('missing.json', ...range)).toEqual({ exitCode: 1, message: 'graph file not found: missing.json' });
    const bad = file(
      'g.json',
      '{"schemaVersion":1,"name":"x","nodes":[{"id":"a","type":"no.such","typeVersion":1,"position":{"x":0,"y":0},"params":{}}],"edges":[]}',
    );
    expect(await refusal(bad, ...range)).toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(
        /^the graph .*g\.json has 2 problems \(the first: Node "a" has an unknown type "no\.such"\); "legflow validate .*" lists them$/,
      ),
    });
    const header = file('s.csv', 'when,what\n2026-11-23 10:00,ENTRY\n');
    expect(await refusal(TEMPLATE, ...range, '--signals', header)).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('must name a "time" and an "action" column'),
    });
    expect(await refusal(TEMPLATE, ...range, '--signals', 'nowhere.csv')).toEqual({ exitCode: 1, message: 'signals file not found: nowhere.csv' });
    expect(await refusal(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-23')).toEqual({
      exitCode: 1,
      message: 'The range starts (2026-11-25) after it ends (2026-11-23).',
    });
    expect(await refusal(TEMPLATE, '--from', '2027-12-30', '--to', '2028-01-02')).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('The NSE holiday calendar covers 2019-01-01 to 2027-12-31'),
    });
    for (const r of [await refusal(bad, ...range), await refusal(TEMPLATE, ...range, '--signals', header)]) expect(r.message).not.toContain('\n');
  });

  it('shows a progress bar on a terminal, day by day, and clears it at the end', async () => {
    const shown: string[] = [];
    const io = { out: () => undefined, err: () => undefined, progress: (t: string) => shown.push(t) };
    expect(await backtestCommand([TEMPLATE, '--from', '2026-11-20', '--to', '2026-11-25'], io)).toBe(0);
    // Fri 20, Mon 23 and Wed 25 Nov 2026 trade (the 24th is a holiday).
    expect(shown).toEqual([
      `[${'#'.repeat(10)}${'.'.repeat(20)}] 1/3 days, 2026-11-20`,
      `[${'#'.repeat(20)}${'.'.repeat(10)}] 2/3 days, 2026-11-23`,
      `[${'#'.repeat(30)}] 3/3 days, 2026-11-25`,
      '',
    ]);
  });
});
