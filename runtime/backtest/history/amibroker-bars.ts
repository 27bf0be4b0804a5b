import { csvRows } from '../../csv-table.ts';
import { DEFAULT_BAR_ZONE, parseBarTime, zoneOffset } from './bar-time.ts';
import { barFromCells, collectBars, type BarProblem, type BarRow, type BarsFile } from './bars.ts';

export interface AmiBrokerOptions {
  /** Zone of the file's wall-clock times; default Asia/Kolkata (see zoneOffset). */
  zone?: string;
}

const DATE = /^\d{8}$/;
const TIME = /^\d{1,2}:\d{2}(:\d{2})?$/;

/**
 * Reads AmiBroker-style text, one bar a line and no header: `SYMBOL,YYYYMMDD,HH:MM,O,H,L,C[,V][,OI]`
 * (seconds allowed). The symbol is kept as written, upper-cased. A line that is not a sane bar, a header
 * line included, is reported with its line and why, never dropped silently.
 */
export function readAmiBrokerBars(text: string, options: AmiBrokerOptions = {}): BarsFile {
  const zone = zoneOffset(options.zone ?? DEFAULT_BAR_ZONE);
  const rows = csvRows(text);
  const problems: BarProblem[] = [];
  const read: BarRow[] = [];
  for (const { line, cells, unclosedQuote } of rows) {
    const problem = (message: string) => problems.push({ line, message });
    if (unclosedQuote) {
      problem('a quote is opened and never closed');
      continue;
    }
    if (cells.length < 7 || cells.length > 9) {
      problem(`${cells.length} cells: a bar is SYMBOL,YYYYMMDD,HH:MM,open,high,low,close, then volume and open interest if any`);
      continue;
    }
    const [symbol, date, clock, open, high, low, close, volume, oi] = cells as [string, string, string, string, string, string, string, string?, string?];
    if (symbol === '') {
      problem('the symbol is empty');
      continue;
    }
    const time = DATE.test(date) && TIME.test(clock) ? parseBarTime(date, clock, zone) : undefined;
    if (time === undefined) {
      problem(`"${date} ${clock}" is not a date YYYYMMDD and a time HH:MM`);
      continue;
    }
    const bar = barFromCells(time, { open, high, low, close, ...(volume !== undefined && { volume }), ...(oi !== undefined && { oi }) });
    if (typeof bar === 'string') problem(bar);
    else read.push({ line, symbol: symbol.toUpperCase(), bar });
  }
  return collectBars('amibroker', rows.length, read, problems);
}
