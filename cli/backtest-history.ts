import type { BacktestHistory } from '../runtime/backtest/backtest.ts';
import { readAmiBrokerBars } from '../runtime/backtest/history/amibroker-bars.ts';
import type { Bar, BarsFile } from '../runtime/backtest/history/bars.ts';
import { readBarsCsv } from '../runtime/backtest/history/bars-csv.ts';
import { volatilitySeries, type VolatilityModel } from '../runtime/backtest/history/volatility.ts';
import { MarketError } from '../runtime/market/market-error.ts';
import { CliError } from './cli-error.ts';
import { readTextFile } from './load.ts';
import type { CommandIO } from './validate-command.ts';

const DAY_MS = 86_400_000;
/** A bar file may hold years of minute bars: about 5 MB a year of one underlying. */
const MAX_DATA_BYTES = 256 * 1024 * 1024;
/** Bad rows listed one a line on stderr; the rest are counted (all of them are in --json). */
const PROBLEMS_SHOWN = 20;

/** The history flags of `legflow backtest`, as given. */
export interface HistoryFlags {
  data: string;
  dataFormat: string;
  symbol: string | undefined;
  zone: string | undefined;
  barsStamped: string;
  vol: string | undefined;
  volFile: string | undefined;
  volUnit: string;
}

/** What was read, for --json: the files' formats, rows and every row left out. */
export interface HistoryFiles {
  data: FileReport;
  volatility: FileReport | null;
}
type FileReport = Pick<BarsFile, 'format' | 'rows' | 'problems' | 'duplicates'> & { path: string };

/**
 * Reads `--data` (CSV with a header, or AmiBroker text) into the history a backtest plays on: every symbol of
 * the file an underlying, its options priced from the volatility the trader chose (`--vol 0.14`, or
 * `--vol-file` with a volatility index such as India VIX, in percent unless `--vol-unit decimal`). Rows that
 * are not bars are listed on stderr, never dropped without a word.
 */
export function readHistory(flags: HistoryFlags, io: CommandIO): { history: BacktestHistory; files: HistoryFiles } {
  const format = oneOf('--data-format', flags.dataFormat, ['csv', 'amibroker'] as const);
  const stamped = oneOf('--bars-stamped', flags.barsStamped, ['open', 'close'] as const);
  const unit = oneOf('--vol-unit', flags.volUnit, ['percent', 'decimal'] as const);
  if ((flags.vol === undefined) === (flags.volFile === undefined)) {
    throw new CliError(
      '--data prices options by Black-Scholes from a volatility you choose: give --vol (a decimal, 0.14 for 14 %) or --vol-file (India VIX bars)',
      2,
    );
  }
  const zone = flags.zone === undefined ? {} : { zone: flags.zone };
  const data = readBars(flags.data, 'history', () => {
    const text = readTextFile(flags.data, 'history', MAX_DATA_BYTES);
    return format === 'csv'
      ? readBarsCsv(text, { ...zone, ...(flags.symbol !== undefined && { symbol: flags.symbol.toUpperCase() }) })
      : readAmiBrokerBars(text, zone);
  });
  report(data, io);
  let volatility: VolatilityModel;
  let volFile: FileReport | null = null;
  if (flags.vol !== undefined) volatility = { kind: 'constant', vol: decimalFlag('--vol', flags.vol) };
  else {
    const path = flags.volFile!;
    const file = readBars(path, 'volatility', () => readBarsCsv(readTextFile(path, 'volatility', MAX_DATA_BYTES), { ...zone, symbol: 'VOLATILITY' }));
    report(file, io);
    const series = Object.values(file.bars);
    if (series.length !== 1) throw new CliError(`volatility file ${path} holds ${series.length} symbols; give the bars of one volatility index`);
    // A volatility bar stamped at its open is known a bar later, as the underlying's are: a daily India VIX
    // close prices the next day, never the day it closes.
    const lag = stamped === 'close' ? 0 : barLength(series[0]!);
    volatility = { kind: 'series', points: volatilitySeries(series[0]!, unit).map((p) => ({ time: p.time + lag, vol: p.vol })) };
    volFile = file;
  }
  const bars = Object.entries(data.bars);
  if (bars.length === 0) throw new CliError(`history file ${flags.data} holds no bars (${data.problems.length} rows were not bars)`);
  const closeKnownAfterMs = stamped === 'close' ? 0 : barLength(bars[0]![1]);
  const underlyings = Object.fromEntries(bars.map(([symbol, b]) => [symbol, { bars: b, volatility }]));
  return { history: { underlyings, closeKnownAfterMs }, files: { data, volatility: volFile } };
}

/**
 * The bars' length, ms: the most common gap under a day between two bars; a day for daily bars (or a single
 * bar). Bars stamped at their open (most vendors' minute bars, TradingView's export) are known only when
 * that much time has passed.
 */
export function barLength(bars: readonly Bar[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < bars.length; i++) {
    const gap = bars[i]!.time - bars[i - 1]!.time;
    if (gap < DAY_MS) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 0;
  let seen = 0;
  for (const [gap, n] of counts) if (n > seen || (n === seen && gap < best)) [best, seen] = [gap, n];
  return best === 0 ? DAY_MS : best;
}

function readBars(path: string, what: string, read: () => BarsFile): BarsFile & { path: string } {
  try {
    return { ...read(), path };
  } catch (err) {
    if (err instanceof MarketError) throw new CliError(`${what} file ${path}: ${err.message}`);
    throw err;
  }
}

function report(file: BarsFile & { path: string }, io: CommandIO): void {
  const left = [
    ...file.problems,
    ...file.duplicates.map((d) => ({ line: d.line, message: `a second bar of ${d.symbol} at ${d.time} (the first, line ${d.firstLine}, is kept)` })),
  ];
  if (left.length === 0) return;
  io.err(`legflow: ${left.length} of ${file.rows} rows of ${file.path} are not bars and were left out:`);
  for (const p of left.sort((a, b) => a.line - b.line).slice(0, PROBLEMS_SHOWN)) io.err(`  line ${p.line}: ${p.message}`);
  if (left.length > PROBLEMS_SHOWN) io.err(`  … and ${left.length - PROBLEMS_SHOWN} more (all of them with --json)`);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${name} must be ${allowed.join(' or ')}; got "${value}"`, 2);
}

function decimalFlag(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(n > 0 && n <= 3))
    throw new CliError(`${name} must be a volatility as a decimal above 0 and at most 3 (0.14 for 14 %); got "${text}"`, 2);
  return n;
}
