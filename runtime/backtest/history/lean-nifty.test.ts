import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../../nodes/catalogue.ts';
import { toPaise } from '../../money.ts';
import { compileGraph } from '../../plan.ts';
import { istToMs } from '../../time.ts';
import { runBacktest } from '../backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../signals-file.ts';
import { readBarsCsv } from './bars-csv.ts';
import { handQuote, levelOnTick, quoteAroundLtp } from './testing/hand-quote.ts';
import { zipEntries } from './testing/zip-entries.ts';

/** Real NIFTY 50 minute bars of 1–3 Jan 2019 (QuantConnect LEAN samples), beside the repository, not in it. */
const DIR = new URL('../../../../shared/data/lean/index/india/minute/nifty50/', import.meta.url);
const present = existsSync(DIR);

/**
 * LEAN's rows (`ms since IST midnight, open, high, low, close, volume`, no header, the date in the file name)
 * written as the plain CSV a user would import: `date,time,open,high,low,close,volume`.
 */
function asUserCsv(files: Map<string, Buffer>): { text: string; raw: Array<{ date: string; cells: string[] }> } {
  const raw: Array<{ date: string; cells: string[] }> = [];
  for (const [name, data] of files) {
    const date = `${name.slice(0, 4)}-${name.slice(4, 6)}-${name.slice(6, 8)}`;
    for (const line of data.toString('utf8').split(/\r?\n/)) if (line.trim() !== '') raw.push({ date, cells: line.split(',') });
  }
  const clock = (ms: string) => new Date(Number(ms)).toISOString().slice(11, 19);
  const lines = raw.map(({ date, cells: [ms, ...rest] }) => [date, clock(ms!), ...rest].join(','));
  return { text: ['date,time,open,high,low,close,volume', ...lines].join('\n'), raw };
}

/**
 * Each day's CSV, read from its own `YYYYMMDD_trade.zip` only: the sample zips also hold a copy of the same
 * rows under the next day's name, which is not that day's data.
 */
function leanFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const zip of readdirSync(DIR)
    .filter((f) => /^\d{8}_trade\.zip$/.test(f))
    .sort()) {
    const day = zip.slice(0, 8);
    const own = [...zipEntries(readFileSync(new URL(zip, DIR)))].find(([name]) => name.startsWith(`${day}_`));
    if (own) files.set(own[0], own[1]);
  }
  return files;
}

describe.skipIf(!present)('the real NIFTY 50 minute bars of 1–3 Jan 2019 (skipped: ../shared/data is absent)', () => {
  it('import through the CSV importer with no bad row, one bar per minute, a file given twice reported as duplicates', () => {
    const files = leanFiles();
    expect([...files.keys()].map((name) => name.slice(0, 8))).toEqual(['20190101', '20190102', '20190103']);
    const once = asUserCsv(files);
    const twice = asUserCsv(new Map([...files, ...[...files].map(([name, data]) => [`${name}#again`, data] as const)]));

    const file = readBarsCsv(twice.text, { symbol: 'NIFTY' });
    expect(file.problems).toEqual([]);
    expect(file.bars.NIFTY).toHaveLength(once.raw.length);
    expect(file.duplicates).toHaveLength(twice.raw.length - once.raw.length);
    // The first raw row of the earliest day, as LEAN wrote it, is the first bar.
    const first = once.raw.filter((r) => r.date === '2019-01-01').sort((a, b) => Number(a.cells[0]) - Number(b.cells[0]))[0]!;
    expect(file.bars.NIFTY![0]).toEqual({
      time: istToMs('2019-01-01') + Number(first.cells[0]),
      open: Number(first.cells[1]),
      high: Number(first.cells[2]),
      low: Number(first.cells[3]),
      close: Number(first.cells[4]),
      volume: Number(first.cells[5]),
      oi: null,
    });
    expect(Object.keys(file.bars)).toEqual(['NIFTY']);
  });

  it('backtest the short straddle on 2 Jan 2019 as it traded then: lot 75, the 31 Jan monthly, 2019 charges, checked against the raw rows', async () => {
    const { text, raw } = asUserCsv(leanFiles());
    const bars = readBarsCsv(text, { symbol: 'NIFTY' }).bars.NIFTY!;
    const plan = compileGraph(JSON.parse(readFileSync(new URL('../../../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);
    const DATE = '2019-01-02';
    const { signals } = readSignalsFile(`time,action\n${DATE} 10:00,ENTRY\n${DATE} 14:00,EXIT\n`, listenersOfPlan(plan));
    const VOL = 0.15;
    // LEAN stamps a bar at its open: the bar of 09:59 is known at 10:00.
    const r = await runBacktest({
      plan,
      from: DATE,
      to: DATE,
      seed: 1,
      capital: 1_000_000,
      stepMs: 60_000,
      signals,
      history: { underlyings: { NIFTY: { bars, volatility: { kind: 'constant', vol: VOL } } }, closeKnownAfterMs: 60_000 },
    });

    // By hand from LEAN's rows of 2 Jan: the bar opening at minute m (ms since midnight / 60,000).
    const day = raw.filter((row) => row.date === DATE).map(({ cells }) => cells.map(Number) as [number, number, number, number, number, number]);
    const bar = (hhmm: string) => day.find(([ms]) => ms === (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000)!;
    const at = (hhmm: string) => istToMs(DATE, hhmm);
    const entrySpot = bar('09:59')[4];
    const strike = Math.round(entrySpot / 50) * 50; // NIFTY strikes 50 apart
    // No NIFTY weeklies were listed yet: the current expiry is the monthly of Thu 31 Jan 2019, 15:30.
    const expiryMs = istToMs('2019-01-31', '15:30');
    const symbol = (type: string) => `NIFTY31JAN19${strike}${type}`;
    const q = (spot: number, type: 'CE' | 'PE', hhmm: string) => handQuote(spot, strike, type, at(hhmm), expiryMs, VOL);

    // Each leg: sold at its bid at 10:00; then bar by bar (the bar opening at m is judged at m + 1), stopped at
    // 1.25 × entry where the bar's adverse extreme (the high for the call, the low for the put) reaches it,
    // else bought back at the 14:00 EXIT on the close of the bar of 13:59.
    const expected = (['CE', 'PE'] as const).map((type) => {
      const entry = q(entrySpot, type, '10:00').bid;
      const stop = levelOnTick(entry * 1.25);
      for (const [ms, open, high, low] of day.filter(([ms]) => ms >= at('10:00') - istToMs(DATE) && ms < at('13:59') - istToMs(DATE))) {
        const judged = `${String(Math.floor((ms + 60_000) / 3_600_000)).padStart(2, '0')}:${String(((ms + 60_000) / 60_000) % 60).padStart(2, '0')}`;
        const openLtp = q(open, type, judged).ltp;
        const worst = q(type === 'CE' ? high : low, type, judged).ltp;
        if (openLtp >= stop) return { type, entry, exit: quoteAroundLtp(openLtp).ask, reason: 'leg stop-loss' };
        if (worst >= stop) return { type, entry, exit: quoteAroundLtp(stop).ask, reason: 'leg stop-loss' };
      }
      return { type, entry, exit: q(bar('13:59')[4], type, '14:00').ask, reason: 'tradingview EXIT' };
    });
    // The trade log is in exit order; compared by symbol.
    const bySymbol = (a: { symbol: string }, b: { symbol: string }) => a.symbol.localeCompare(b.symbol);
    expect(
      r.trades.map((t) => ({ symbol: t.symbol, qty: t.qty, side: t.side, entry: t.entryPrice, exit: t.exitPrice, reason: t.exitReason })).sort(bySymbol),
    ).toEqual(expected.map((e) => ({ symbol: symbol(e.type), qty: 75, side: 'SELL', entry: e.entry, exit: e.exit, reason: e.reason })).sort(bySymbol));
    const gross = expected.reduce((sum, e) => sum + (toPaise(e.entry) - toPaise(e.exit)) * 75, 0);
    expect(toPaise(r.summary.grossPnl)).toBe(gross);
    // Charged at 2019's rates (STT 0.05 % on the sold premium, among others): something, and the net after it.
    expect(r.summary.charges).toBeGreaterThan(0);
    expect(toPaise(r.summary.netPnl)).toBe(gross - toPaise(r.summary.charges));
  });
});
