import { listenersOf, problemsText, sampleSignal, type SignalListener } from '../sample-signal.ts';
import type { Plan } from '../plan.ts';
import type { Signal } from '../signal.ts';
import { BacktestError } from './backtest-error.ts';
import { csvRows, headerKey, type CsvRow } from '../csv-table.ts';
import { parseSignalTime } from './signal-time.ts';

export type SignalsFileFormat = 'plain' | 'tradingview-trades';

export interface SignalsFileProblem {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  message: string;
}

/** A signals file read: its signals in time order, and every row that did not become one, by line. */
export interface SignalsFile {
  format: SignalsFileFormat;
  /** Data rows in the file (blank lines not counted): signals.length + problems.length. */
  rows: number;
  signals: Signal[];
  problems: SignalsFileProblem[];
}

/** A row read, before it is a signal: its time and the fields it gives, with a sort key for equal times. */
interface Candidate {
  line: number;
  timeMs: number;
  /** Ties at the same time: TradingView's trade number, then entry before exit; the file's order last. */
  order: [number, number];
  raw: Record<string, unknown>;
}

/** Signal fields matched case-insensitively in a plain file's header; any other column is kept as written. */
const KNOWN_FIELDS = new Set(['channel', 'action', 'source', 'symbol', 'price', 'qty', 'position', 'id', 'text']);
const TIME_HEADERS = new Set(['date/time', 'date and time', 'date time']);
const TRADE_TYPE = /^(entry|exit) (long|short)$/i;

/** The sources a compiled graph listens on, in the order its nodes are saved (as a test run reads them). */
export function listenersOfPlan(plan: Plan): SignalListener[] {
  const steps = new Map(plan.steps.map((s) => [s.nodeId, s]));
  return listenersOf(plan.graph.nodes.flatMap((n) => steps.get(n.id) ?? []));
}

/**
 * Reads a signals file, either form:
 * - a plain CSV with a header `time,action[,channel][,price][,…]`: times ISO with a zone or IST wall clock
 *   (`2026-11-25 10:00[:30]`); every other column is a signal field (symbol, qty, …) or, if unknown, data;
 * - TradingView's Strategy Tester "List of trades" export as downloaded (`Trade #,Type,Date/Time` or
 *   `Date and time`, `Signal`, `Price …`, …): `Entry long`/`Entry short` rows are ENTRY signals and
 *   `Exit long`/`Exit short` rows EXIT, at the row's time read as IST (the chart's clock on an NSE symbol),
 *   with the row's price; the direction, trade number, TradingView signal name and contracts go in `data`.
 * A missing channel or source comes from the graph's own source nodes, as in a test run. A row that does not
 * make a valid signal is reported with its line and why, never dropped silently. A file with no usable
 * header is refused whole (BacktestError).
 */
export function readSignalsFile(text: string, heard: readonly SignalListener[]): SignalsFile {
  const [header, ...rows] = csvRows(text);
  if (header === undefined) throw new BacktestError('INVALID_SIGNALS_FILE', 'The signals file is empty: write a header "time,action" and one signal a line.');
  const keys = header.cells.map(headerKey);
  const format: SignalsFileFormat = keys[0] === 'trade #' ? 'tradingview-trades' : 'plain';
  const readRow = format === 'plain' ? plainRowReader(header, keys) : tradingViewRowReader(keys);
  const problems: SignalsFileProblem[] = [];
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const read = row.unclosedQuote ? 'a quote opened on this line is never closed' : readRow(row);
    if (typeof read === 'string') problems.push({ line: row.line, message: read });
    else candidates.push(read);
  }
  candidates.sort((a, b) => a.timeMs - b.timeMs || a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.line - b.line);
  const signals: Signal[] = [];
  for (const c of candidates) {
    const result = sampleSignal(c.raw, heard, { id: `line-${c.line}`, receivedAt: new Date(c.timeMs) });
    if (result.ok) signals.push(result.signal);
    else problems.push({ line: c.line, message: `not a valid signal: ${problemsText(result.problems)}` });
  }
  problems.sort((a, b) => a.line - b.line);
  return { format, rows: rows.length, signals, problems };
}

type RowReader = (row: CsvRow) => Candidate | string;

function plainRowReader(header: CsvRow, keys: readonly string[]): RowReader {
  const names = header.cells.map((cell, i) => (KNOWN_FIELDS.has(keys[i]!) || keys[i] === 'time' ? keys[i]! : cell.trim()));
  const timeCol = names.indexOf('time');
  const actionCol = names.indexOf('action');
  if (timeCol < 0 || actionCol < 0) {
    throw new BacktestError(
      'INVALID_SIGNALS_FILE',
      `Line 1 of the signals file must name a "time" and an "action" column (e.g. "time,action,channel,price"), or be TradingView's "List of trades" export starting "Trade #"; it reads "${header.cells.join(',')}".`,
    );
  }
  const unnamed = names.findIndex((n) => n === '');
  if (unnamed >= 0) throw new BacktestError('INVALID_SIGNALS_FILE', `Column ${unnamed + 1} of the signals file's header has no name.`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new BacktestError('INVALID_SIGNALS_FILE', `The signals file's header names "${twice}" twice.`);
  return (row) => {
    if (row.cells.length > names.length) return `${row.cells.length} cells, but the header names ${names.length} columns`;
    const timeMs = parseSignalTime(row.cells[timeCol] ?? '');
    if (timeMs === undefined) return timeProblem(row.cells[timeCol] ?? '');
    if (!row.cells[actionCol]) return 'no action: write ENTRY, EXIT or another word the graph routes on';
    const raw: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const cell = row.cells[i] ?? '';
      if (i !== timeCol && cell !== '') raw[name] = cell;
    });
    return { line: row.line, timeMs, order: [0, 0], raw };
  };
}

function tradingViewRowReader(keys: readonly string[]): RowReader {
  const col = (test: (key: string) => boolean) => keys.findIndex(test);
  const typeCol = col((k) => k === 'type' || k.startsWith('type '));
  const timeCol = col((k) => TIME_HEADERS.has(k));
  const priceCol = col((k) => k === 'price' || k.startsWith('price '));
  const signalCol = col((k) => k === 'signal');
  const qtyCol = col((k) => k === 'contracts' || k === 'qty' || k.startsWith('position size (qty') || k === 'size (qty)');
  if (typeCol < 0 || timeCol < 0) {
    throw new BacktestError(
      'INVALID_SIGNALS_FILE',
      `The signals file starts like TradingView's "List of trades" export ("Trade #") but has no ${typeCol < 0 ? '"Type"' : '"Date/Time" (or "Date and time")'} column; export the list again from the Strategy Tester.`,
    );
  }
  return (row) => {
    const cell = (i: number) => (i < 0 ? '' : (row.cells[i] ?? ''));
    const trade = Number(cell(0));
    if (!Number.isSafeInteger(trade) || trade < 1) return `"${cell(0)}" is not a trade number`;
    const type = TRADE_TYPE.exec(cell(typeCol));
    if (!type) return `"${cell(typeCol)}" is not a trade type (Entry long, Exit long, Entry short or Exit short)`;
    const timeMs = parseSignalTime(cell(timeCol));
    if (timeMs === undefined) return timeProblem(cell(timeCol));
    const exit = type[1]!.toLowerCase() === 'exit';
    // TradingView lists a trade still open with an exit row named "Open" at the last bar: no exit happened.
    if (exit && cell(signalCol).toLowerCase() === 'open')
      return `trade ${trade} is still open in TradingView: its exit row is the chart's last bar, not an exit`;
    const raw: Record<string, unknown> = { action: exit ? 'EXIT' : 'ENTRY', source: 'tradingview', direction: type[2]!.toLowerCase(), trade };
    if (cell(priceCol) !== '') raw.price = cell(priceCol);
    if (cell(signalCol) !== '') raw.signal = cell(signalCol);
    if (cell(qtyCol) !== '') raw.contracts = Number.isFinite(Number(cell(qtyCol))) ? Number(cell(qtyCol)) : cell(qtyCol);
    return { line: row.line, timeMs, order: [trade, exit ? 1 : 0], raw };
  };
}

function timeProblem(text: string): string {
  return `"${text}" is not a time: write 2026-11-25 10:00 (IST) or an ISO time with its zone, 2026-11-25T10:00:00+05:30`;
}
