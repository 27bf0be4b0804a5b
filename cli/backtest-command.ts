import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { registry } from '../nodes/catalogue.ts';
import { BacktestError } from '../runtime/backtest/backtest-error.ts';
import { runBacktest, type BacktestInputs, type BacktestOptions, type BacktestResult } from '../runtime/backtest/backtest.ts';
import { listenersOfPlan, readSignalsFile, type SignalsFile } from '../runtime/backtest/signals-file.ts';
import { daysCsv, tradesCsv } from '../runtime/backtest/trades-csv.ts';
import { MarketError } from '../runtime/market/market-error.ts';
import { compileGraph, GraphInvalidError, type Plan } from '../runtime/plan.ts';
import { readHistory, type HistoryFlags } from './backtest-history.ts';
import { readJournal, type JournalReplay } from './backtest-journal.ts';
import { runSweep, sweepTable } from './backtest-sweep.ts';
import { CliError } from './cli-error.ts';
import { readJsonFile, readTextFile } from './load.ts';
import type { CommandIO } from './validate-command.ts';

const USAGE =
  'usage: legflow backtest <graph.json> --from YYYY-MM-DD --to YYYY-MM-DD [--signals <file> | --journal <deployment-id> [--store <dir>]] [--seed <n> | --data <bars> (--vol <decimal> | --vol-file <bars>)] [--capital <rupees>] [--json] [--trades-csv <file>] [--days-csv <file>] [--sweep <node.param=v1,v2,…> … [--threads <n>]]';
/** The clock's step inside a session: one minute, the bar most history comes in. */
const STEP_MS = 60_000;
/** Bad rows listed one a line on stderr; the rest are counted (all of them are in --json). */
const PROBLEMS_SHOWN = 20;

/**
 * `legflow backtest`: the graph over a date range on the seeded synthetic market, or on the bars of a
 * history file (`--data`, options priced from the chosen volatility), with the signals of a file (plain CSV
 * or TradingView's "List of trades" export) submitted at their times. Prints a short summary, or with
 * --json `{summary, trades, days, openGroups, runs, inputs}`.
 */
export async function backtestCommand(argv: string[], io: CommandIO, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const { positionals, values } = parseFlags(argv);
  if (positionals.length !== 1 || values.from === undefined || values.to === undefined) throw new CliError(USAGE, 2);
  const from = dateFlag('--from', values.from);
  const to = dateFlag('--to', values.to);
  if (values.seed !== undefined && values.data !== undefined) throw new CliError('--seed is for the synthetic market; a backtest on --data has none', 2);
  const seed = wholeFlag('--seed', values.seed ?? '1');
  const capital = Number(values.capital);
  if (!/^\d+(\.\d{1,2})?$/.test(values.capital) || capital <= 0)
    throw new CliError(`--capital must be an amount in rupees above 0, such as 1000000; got "${values.capital}"`, 2);

  if (values.signals !== undefined && values.journal !== undefined) throw new CliError('--signals and --journal are two sources of signals: give one', 2);
  if (values.store !== undefined && values.journal === undefined)
    throw new CliError('--store names the data folder whose journal --journal reads: give --journal too', 2);
  const plan = compile(positionals[0]!);
  const file = values.signals === undefined ? undefined : readSignals(values.signals, plan);
  if (file !== undefined) reportProblems(file, values.signals!, io);
  const journal = values.journal === undefined ? undefined : await readJournal(values.journal, values.store, { from, to }, env);
  const loaded = values.data === undefined ? undefined : readHistory(historyFlags(values.data, values), io);
  const signals = journal?.signals ?? file?.signals ?? [];
  const history = loaded === undefined ? {} : { history: loaded.history };
  if (values.sweep !== undefined) {
    if (values['trades-csv'] !== undefined || values['days-csv'] !== undefined)
      throw new CliError('--trades-csv and --days-csv write one run; a sweep makes many', 2);
    const threads = values.threads === undefined ? undefined : wholeFlag('--threads', values.threads);
    if (threads === 0) throw new CliError('--threads must be 1 or more', 2);
    const work = { graph: plan.graph, settings: { from, to, seed, capital, stepMs: STEP_MS }, signals: { kind: 'signals' as const, signals }, ...history };
    const out = await runSweep(work, values.sweep, threads, io);
    io.out(values.json ? JSON.stringify(out, null, 2) : sweepTable(out));
    return out.runs.every((r) => !('error' in r)) ? 0 : 1;
  }
  let result: BacktestResult;
  try {
    result = await runBacktest({ plan, from, to, seed, capital, stepMs: STEP_MS, signals, ...history, ...progressTo(io) });
  } catch (err) {
    if (err instanceof BacktestError || err instanceof MarketError) throw new CliError(err.message);
    throw err;
  } finally {
    io.progress?.('');
  }
  if (values['trades-csv'] !== undefined) writeText(values['trades-csv'], tradesCsv(result.trades), 'trade log');
  if (values['days-csv'] !== undefined) writeText(values['days-csv'], daysCsv(result.days), 'day-wise P&L');
  const open = result.groups.filter((g) => g.status === 'open');
  if (values.json) {
    const signalsFile = file === undefined ? null : { format: file.format, rows: file.rows, problems: file.problems };
    const { summary, trades, days, tables, curves, runs } = result;
    const historyFiles = loaded === undefined ? null : loaded.files;
    const journaled = journal?.source ?? null;
    io.out(
      JSON.stringify(
        { summary, trades, days, tables, curves, openGroups: open, runs, inputs: { ...result.inputs, signalsFile, historyFiles, journal: journaled } },
        null,
        2,
      ),
    );
  } else io.out(humanSummary(result, file, journal));
  return 0;
}

/** A progress bar on a terminal: 30 cells, the days played, the date. */
function progressTo(io: CommandIO): Pick<BacktestOptions, 'onProgress'> {
  const show = io.progress;
  if (show === undefined) return {};
  return {
    onProgress: ({ day, days, date }) => {
      const filled = Math.round((30 * day) / days);
      show(`[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${day}/${days} days, ${date}`);
    },
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        signals: { type: 'string' },
        journal: { type: 'string' },
        store: { type: 'string' },
        seed: { type: 'string' },
        data: { type: 'string' },
        'data-format': { type: 'string', default: 'csv' },
        symbol: { type: 'string' },
        zone: { type: 'string' },
        'bars-stamped': { type: 'string', default: 'open' },
        vol: { type: 'string' },
        'vol-file': { type: 'string' },
        'vol-unit': { type: 'string', default: 'percent' },
        capital: { type: 'string', default: '1000000' },
        json: { type: 'boolean', default: false },
        'trades-csv': { type: 'string' },
        'days-csv': { type: 'string' },
        sweep: { type: 'string', multiple: true },
        threads: { type: 'string' },
      },
    });
  } catch (err) {
    // parseArgs explains over several lines; its first says what was wrong.
    const what = (err as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw new CliError(`${what}; ${USAGE}`, 2);
  }
}

function historyFlags(data: string, values: ReturnType<typeof parseFlags>['values']): HistoryFlags {
  return {
    data,
    dataFormat: values['data-format'],
    symbol: values.symbol,
    zone: values.zone,
    barsStamped: values['bars-stamped'],
    vol: values.vol,
    volFile: values['vol-file'],
    volUnit: values['vol-unit'],
  };
}

function writeText(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(`cannot write the ${what} to ${path}: ${(err as Error).message}`);
  }
}

function compile(path: string): Plan {
  try {
    return compileGraph(readJsonFile(path, 'graph'), registry);
  } catch (err) {
    if (!(err instanceof GraphInvalidError)) throw err;
    const n = err.problems.length;
    throw new CliError(
      `the graph ${path} has ${n} problem${n === 1 ? '' : 's'} (the first: ${err.problems[0]?.message.replace(/\.$/, '')}); "legflow validate ${path}" lists them`,
    );
  }
}

function readSignals(path: string, plan: Plan): SignalsFile {
  try {
    return readSignalsFile(readTextFile(path, 'signals'), listenersOfPlan(plan));
  } catch (err) {
    if (err instanceof BacktestError) throw new CliError(`signals file ${path}: ${err.message}`);
    throw err;
  }
}

/** Rows that did not become signals, each with its line, on stderr: never dropped without a word. */
function reportProblems(file: SignalsFile, path: string, io: CommandIO): void {
  if (file.problems.length === 0) return;
  io.err(`legflow: ${file.problems.length} of ${file.rows} rows of ${path} are not signals and were left out:`);
  for (const p of file.problems.slice(0, PROBLEMS_SHOWN)) io.err(`  line ${p.line}: ${p.message}`);
  if (file.problems.length > PROBLEMS_SHOWN) io.err(`  … and ${file.problems.length - PROBLEMS_SHOWN} more (all of them with --json)`);
}

function humanSummary(r: BacktestResult, file: SignalsFile | undefined, journal: JournalReplay | undefined): string {
  const s = r.summary;
  const { from, to, seed, settings } = r.inputs;
  const lines = [
    `Backtest of "${r.inputs.graph.name}", ${from} to ${to} (${s.tradingDays} trading days), ${marketLine(settings.market, seed)}, capital ${rupees(settings.capital)}`,
    signalsLine(r, file, journal),
    `Net P&L ${rupees(s.netPnl)} after ${rupees(s.charges)} charges (gross ${rupees(s.grossPnl)})`,
    `Trades ${s.trades}: ${s.wins} won, ${s.losses} lost${s.winRate === null ? '' : `, win rate ${s.winRate} %`}; expectancy ${orDash(s.expectancy, rupees)}, profit factor ${orDash(s.profitFactor, String)}`,
    `Max drawdown ${rupees(s.maxDrawdown)} (${s.maxDrawdownPct} % of capital); daily Sharpe ${orDash(s.sharpe, String)}, Sortino ${orDash(s.sortino, String)}; ${s.daysTraded} days traded`,
  ];
  if (r.openGroups > 0) lines.push(`Still open at the end: ${r.openGroups} group${r.openGroups === 1 ? '' : 's'} (not counted above)`);
  if (r.runs.failed > 0) lines.push(`Runs failed: ${r.runs.failed} (the first: ${r.runs.failures[0]?.errors[0] ?? 'see --json'})`);
  return lines.join('\n');
}

function signalsLine(r: BacktestResult, file: SignalsFile | undefined, journal: JournalReplay | undefined): string {
  if (journal !== undefined)
    return `Signals: ${journal.signals.length} journaled by deployment ${journal.source.deploymentId} in the range, replayed at their times`;
  if (file === undefined) return 'Signals: none (schedule, price and position sources only)';
  return `Signals: ${file.signals.length} of ${file.rows} rows (${file.format === 'plain' ? 'CSV' : 'TradingView list of trades'}), ${r.signals.submitted} in the range`;
}

function marketLine(market: BacktestInputs['settings']['market'], seed: number | null): string {
  if (market === 'synthetic') return `synthetic market seed ${seed}`;
  const spans = Object.entries(market.underlyings).map(([name, u]) => `${name} ${u.bars} bars`);
  return `history (${spans.join(', ')}; option premiums modelled by Black-Scholes)`;
}

const INR = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function rupees(n: number): string {
  return `${n < 0 ? '-' : ''}₹${INR.format(Math.abs(n))}`;
}

function orDash<T>(value: T | null, format: (v: T) => string): string {
  return value === null ? '–' : format(value);
}

function dateFlag(name: string, text: string): string {
  if (!/^\d{4}-\d\d-\d\d$/.test(text)) throw new CliError(`${name} must be a date YYYY-MM-DD; got "${text}"`, 2);
  return text;
}

function wholeFlag(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new CliError(`${name} must be a whole number; got "${text}"`, 2);
  return n;
}
