/** One bar of an underlying: its time (epoch ms, the moment its close is known) and prices in rupees. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Null when the file has no volume (an index often has none). */
  volume: number | null;
  oi: number | null;
}

export interface BarProblem {
  /** 1-based line of the file. */
  line: number;
  message: string;
}

/** A second row for a symbol and time already read: the first in the file is kept. */
export interface DuplicateBar {
  line: number;
  firstLine: number;
  symbol: string;
  time: string;
}

/** A bar file read: bars per symbol in time order, and every row that did not become a bar, by line. */
export interface BarsFile {
  format: 'csv' | 'amibroker';
  /** Data rows (blank lines and a header not counted): bars + problems + duplicates. */
  rows: number;
  bars: Record<string, Bar[]>;
  problems: BarProblem[];
  duplicates: DuplicateBar[];
}

/** A row that parsed, before sorting: where it came from and what it says. */
export interface BarRow {
  line: number;
  symbol: string;
  bar: Bar;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number cell, or undefined ("", "n/a", "1,234" and "12abc" are not numbers: Number() would take some). */
export function numberCell(cell: string): number | undefined {
  return NUMBER.test(cell) ? Number(cell) : undefined;
}

/**
 * A bar from its cells, or why it is not one: every price a number above 0, low ≤ open, close ≤ high, and
 * volume and open interest (when given; an empty cell is none) whole numbers of 0 or more.
 */
export function barFromCells(time: number, cells: { open: string; high: string; low: string; close: string; volume?: string; oi?: string }): Bar | string {
  const prices: number[] = [];
  for (const name of ['open', 'high', 'low', 'close'] as const) {
    const n = numberCell(cells[name]);
    if (n === undefined) return `${name} "${cells[name]}" is not a number`;
    if (!(n > 0)) return `${name} ${n} is not a price above 0`;
    prices.push(n);
  }
  const [open, high, low, close] = prices as [number, number, number, number];
  if (low > high) return `low ${low} is above high ${high}`;
  for (const [name, n] of [
    ['open', open],
    ['close', close],
  ] as const) {
    if (n < low || n > high) return `${name} ${n} is outside the bar's low ${low} and high ${high}`;
  }
  const volume = count('volume', cells.volume);
  if (typeof volume === 'string') return volume;
  const oi = count('open interest', cells.oi);
  if (typeof oi === 'string') return oi;
  return { time, open, high, low, close, volume, oi };
}

function count(name: string, cell: string | undefined): number | null | string {
  if (cell === undefined || cell === '') return null;
  const n = numberCell(cell);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : `${name} "${cell}" is not a whole number of 0 or more`;
}

/**
 * Bars per symbol in time order. A symbol and time met twice keep the first row in the file; the later
 * one is reported as a duplicate with both lines, whatever its prices.
 */
export function collectBars(format: BarsFile['format'], rows: number, read: readonly BarRow[], problems: BarProblem[]): BarsFile {
  const seen = new Map<string, number>();
  const duplicates: DuplicateBar[] = [];
  const bars: Record<string, BarRow[]> = {};
  for (const row of read) {
    const key = `${row.symbol}\u0000${row.bar.time}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      duplicates.push({ line: row.line, firstLine, symbol: row.symbol, time: new Date(row.bar.time).toISOString() });
      continue;
    }
    seen.set(key, row.line);
    (bars[row.symbol] ??= []).push(row);
  }
  const sorted = Object.fromEntries(
    Object.keys(bars)
      .sort()
      .map((symbol) => [symbol, bars[symbol]!.sort((a, b) => a.bar.time - b.bar.time).map((r) => r.bar)]),
  );
  return { format, rows, bars: sorted, problems: problems.sort((a, b) => a.line - b.line), duplicates };
}
