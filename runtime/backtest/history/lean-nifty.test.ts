import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { istToMs } from '../../time.ts';
import { readBarsCsv } from './bars-csv.ts';
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

describe.skipIf(!present)('the real NIFTY 50 minute bars of 1–3 Jan 2019 (skipped: ../shared/data is absent)', () => {
  it('import through the CSV importer with no bad row, one bar per minute, a day held by two zips reported as duplicates', () => {
    const files = new Map<string, Buffer>();
    const duplicated: string[] = [];
    for (const zip of readdirSync(DIR)
      .filter((f) => f.endsWith('.zip'))
      .sort()) {
      for (const [name, data] of zipEntries(readFileSync(new URL(zip, DIR)))) {
        if (files.has(name)) duplicated.push(name);
        else files.set(name, data);
      }
    }
    // Each zip holds its day and the next: every day but the first comes twice.
    expect(duplicated.length).toBeGreaterThan(0);
    const once = asUserCsv(files);
    const twice = asUserCsv(new Map([...files, ...duplicated.map((name, i) => [`${name}#${i}`, files.get(name)!] as const)]));

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
});
