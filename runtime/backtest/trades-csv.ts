import { toPaise } from '../money.ts';
import { IST_OFFSET_MS } from '../time.ts';
import type { DayRow, TradeRow } from './trades.ts';

/**
 * The columns of each file, in order, one per field of the row: the type makes a field added to TradeRow or
 * DayRow fail to compile here until it has a column, so the CSV never silently drops one.
 */
type Columns<Row> = { [K in keyof Row]-?: (row: Row) => string };

const TRADE_COLUMNS: Columns<TradeRow> = {
  legId: (r) => r.legId,
  groupId: (r) => r.groupId,
  symbol: (r) => r.symbol,
  side: (r) => r.side,
  qty: (r) => String(r.qty),
  entryTime: (r) => istIso(r.entryTime),
  entryPrice: (r) => money(r.entryPrice),
  exitTime: (r) => istIso(r.exitTime),
  exitPrice: (r) => money(r.exitPrice),
  exitReason: (r) => r.exitReason,
  grossPnl: (r) => money(r.grossPnl),
  charges: (r) => money(r.charges),
  pnl: (r) => money(r.pnl),
};

const DAY_COLUMNS: Columns<DayRow> = {
  date: (r) => r.date,
  trades: (r) => String(r.trades),
  grossPnl: (r) => money(r.grossPnl),
  charges: (r) => money(r.charges),
  pnl: (r) => money(r.pnl),
};

/** The trade log as CSV (RFC 4180): a row per leg exit, times in IST (+05:30), rupees with 2 decimals. */
export function tradesCsv(rows: readonly TradeRow[]): string {
  return csv(TRADE_COLUMNS, rows);
}

/** The day-wise P&L as CSV: a row per trading date (IST), rupees with 2 decimals. */
export function daysCsv(rows: readonly DayRow[]): string {
  return csv(DAY_COLUMNS, rows);
}

function csv<Row>(columns: Columns<Row>, rows: readonly Row[]): string {
  const cells = Object.values<(row: Row) => string>(columns);
  const lines = [Object.keys(columns), ...rows.map((row) => cells.map((cell) => cell(row)))];
  // CRLF after every record, the last included, as RFC 4180 writes it.
  return lines.map((line) => line.map(quote).join(',') + '\r\n').join('');
}

/** A cell with a comma, a quote or a line break is quoted, its quotes doubled (RFC 4180); any other is as it is. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rupees as "1234.50" / "-0.05", written from whole paise so no float digit can show. */
function money(rupees: number): string {
  const paise = toPaise(rupees);
  const abs = Math.abs(paise);
  return `${paise < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An ISO time as the IST wall clock with its offset: "2026-11-16T09:15:00+05:30" (milliseconds only when not 0). */
function istIso(iso: string): string {
  const wall = new Date(Date.parse(iso) + IST_OFFSET_MS).toISOString();
  return `${wall.slice(0, 19)}${wall.slice(19, 23) === '.000' ? '' : wall.slice(19, 23)}+05:30`;
}
