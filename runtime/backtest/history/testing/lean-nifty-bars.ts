import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { barFromCells, type Bar } from '../bars.ts';
import { zipEntries } from './zip-entries.ts';
import { istParts, istToMs } from '../../../time.ts';

/** Real NIFTY 50 minute bars of 1–3 Jan 2019 (QuantConnect LEAN samples), beside the repository, not in it. */
export const LEAN_NIFTY_DIR = new URL('../../../../../shared/data/lean/index/india/minute/nifty50/', import.meta.url);

/**
 * The session's bars of each day, stamped at their open as LEAN stamps them (`ms since IST midnight, open, high,
 * low, close, volume`): the minutes opening 09:15 to 15:29, as an NSE chart has them. LEAN's pre-open row
 * (09:07) and closing row (15:31) are left out. Each `YYYYMMDD_trade.zip` is read for its own day's file only:
 * the sample zips also hold a copy of the same rows under the next day's name.
 */
export function leanNiftyBars(): Bar[] {
  const bars: Bar[] = [];
  for (const zip of readdirSync(LEAN_NIFTY_DIR)
    .filter((f) => /^\d{8}_trade\.zip$/.test(f))
    .sort()) {
    const day = zip.slice(0, 8);
    const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
    const entry = [...zipEntries(readFileSync(new URL(zip, LEAN_NIFTY_DIR)))].find(([name]) => name.startsWith(`${day}_`));
    if (!entry) throw new Error(`${zip} holds no file for ${date}`);
    entry[1]
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .forEach((line, i) => {
        const [ms, open, high, low, close, volume] = line.split(',') as [string, string, string, string, string, string];
        const bar = barFromCells(istToMs(date) + Number(ms), { open, high, low, close, volume });
        if (typeof bar === 'string') throw new Error(`${zip}, line ${i + 1}: ${bar}`);
        const minute = istParts(bar.time).minuteOfDay;
        if (minute >= 9 * 60 + 15 && minute < 15 * 60 + 30) bars.push(bar);
      });
  }
  return bars;
}

export const leanNiftyPresent = existsSync(LEAN_NIFTY_DIR);
