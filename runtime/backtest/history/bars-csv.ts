import { csvRows, headerKey } from '../../csv-table.ts';
import { MarketError } from '../../market/market-error.ts';
import { DEFAULT_BAR_ZONE, parseBarTime, zoneOffset } from './bar-time.ts';
import { barFromCells, collectBars, type BarProblem, type BarRow, type BarsFile } from './bars.ts';

/** Header names each column goes by, matched after headerKey (lower case, spaces collapsed). */
const ALIASES = {
  datetime: ['timestamp', 'datetime', 'date time', 'date/time', 'date_time', 'date and time'],
  date: ['date', 'day', 'trade date', 'trade_date'],
  /** With a date column the time of day; without one, the whole time (TradingView's chart export). */
  time: ['time'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'last', 'ltp'],
  volume: ['volume', 'vol', 'v'],
  oi: ['oi', 'open interest', 'open_interest', 'openinterest'],
  symbol: ['symbol', 'ticker', 'underlying'],
} as const;
type Column = keyof typeof ALIASES;

export interface BarsCsvOptions {
  /** The symbol of every row when the file has no symbol column (the underlying: NIFTY). */
  symbol?: string;
  /** Zone of times written without one; default Asia/Kolkata (see zoneOffset). */
  zone?: string;
}

/**
 * Reads underlying bars from a CSV file with a header: the time as `timestamp` or `datetime` (or `date` and
 * `time`), then `open, high, low, close`, and optionally `volume`, `oi` and `symbol`, in any order and case.
 * Times are IST unless a cell carries its zone or the caller names one. A row that is not a sane bar is
 * reported with its line and why, never dropped silently; a file whose header names no time or prices is
 * refused whole (MarketError INVALID_DATA).
 */
export function readBarsCsv(text: string, options: BarsCsvOptions = {}): BarsFile {
  const zone = zoneOffset(options.zone ?? DEFAULT_BAR_ZONE);
  const [header, ...rows] = csvRows(text);
  if (header === undefined) refuse('The bar file is empty: write a header "datetime,open,high,low,close,volume" and one bar a line.');
  const at = columns(header.cells.map(headerKey));
  const symbolOf = (cells: string[]): string | undefined => (at.symbol === undefined ? options.symbol : cells[at.symbol]?.toUpperCase());
  if (at.symbol === undefined && options.symbol === undefined) refuse('The bar file has no symbol column: name the underlying its bars are of (NIFTY).');

  const problems: BarProblem[] = [];
  const read: BarRow[] = [];
  const width = header.cells.length;
  for (const row of rows) {
    const problem = (message: string) => problems.push({ line: row.line, message });
    if (row.unclosedQuote) {
      problem('a quote is opened and never closed');
      continue;
    }
    if (row.cells.length !== width) {
      problem(`${row.cells.length} cells where the header has ${width}`);
      continue;
    }
    const cell = (c: Column) => (at[c] === undefined ? undefined : row.cells[at[c]]!);
    const byDate = at.datetime === undefined && at.date !== undefined;
    const dateText = byDate ? cell('date')! : (cell('datetime') ?? cell('time')!);
    const timeText = byDate ? cell('time') : undefined;
    const time = parseBarTime(dateText, timeText, zone);
    if (time === undefined) {
      problem(`"${[dateText, timeText].filter((t) => t !== undefined).join(' ')}" is not a date and time`);
      continue;
    }
    const symbol = symbolOf(row.cells);
    if (!symbol) {
      problem('the symbol is empty');
      continue;
    }
    const bar = barFromCells(time, {
      open: cell('open')!,
      high: cell('high')!,
      low: cell('low')!,
      close: cell('close')!,
      volume: cell('volume') ?? '',
      oi: cell('oi') ?? '',
    });
    if (typeof bar === 'string') problem(bar);
    else read.push({ line: row.line, symbol, bar });
  }
  return collectBars('csv', rows.length, read, problems);
}

/** Which cell holds each column; refuses a header without a time or without all four prices. */
function columns(keys: string[]): Partial<Record<Column, number>> {
  const at: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(ALIASES) as Column[]) {
    const i = keys.findIndex((k) => (ALIASES[column] as readonly string[]).includes(k));
    if (i >= 0) at[column] = i;
  }
  // "time" alone is the whole time; beside "date" it is the time of day; beside "datetime" it is not used.
  // "date" alone: daily bars.
  if (at.datetime === undefined && at.date === undefined && at.time === undefined) {
    refuse(`The bar file's header (${keys.join(', ')}) names no time: call it "timestamp" or "datetime", or give "date" and "time".`);
  }
  const missing = (['open', 'high', 'low', 'close'] as const).filter((c) => at[c] === undefined);
  if (missing.length > 0) refuse(`The bar file's header (${keys.join(', ')}) has no ${missing.join(', ')} column: every bar needs open, high, low and close.`);
  return at;
}

function refuse(message: string): never {
  throw new MarketError('INVALID_DATA', message);
}
