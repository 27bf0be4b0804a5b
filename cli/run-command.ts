import { parseArgs } from 'node:util';
import { registry } from '../nodes/catalogue.ts';
import type { Funds } from '../runtime/broker/types.ts';
import { toPaise, toRupees } from '../runtime/money.ts';
import { MarketError } from '../runtime/market/market-error.ts';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { compileGraph, GraphInvalidError, type Plan } from '../runtime/plan.ts';
import { listenersOf, problemsText, sampleSignal } from '../runtime/sample-signal.ts';
import type { Signal } from '../runtime/signal.ts';
import { SimEngine } from '../runtime/sim-engine.ts';
import { istParts, istToMs, addDays } from '../runtime/time.ts';
import type { RunRecord } from '../runtime/trace.ts';
import { CliError } from './cli-error.ts';
import { readJsonFile, readSignalArg } from './load.ts';
import type { CommandIO } from './validate-command.ts';

const USAGE = 'usage: legflow run <graph.json> --signal <file|json> [--at <ISO time>] [--seed <n>] [--ticks <n>] [--tick-seconds <s>]';

/** `legflow run`: one signal through the graph on a virtual clock against the SIM broker, then market ticks. */
export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      signal: { type: 'string' },
      at: { type: 'string' },
      seed: { type: 'string', default: '1' },
      ticks: { type: 'string', default: '0' },
      'tick-seconds': { type: 'string', default: '60' },
    },
  });
  if (positionals.length !== 1 || values.signal === undefined) throw new CliError(USAGE, 2);
  const seed = intFlag('--seed', values.seed, 0, 2 ** 31 - 1);
  const ticks = intFlag('--ticks', values.ticks, 0, 100_000);
  const tickMs = intFlag('--tick-seconds', values['tick-seconds'], 1, 86_400) * 1000;
  const atMs = values.at === undefined ? undefined : parseAt(values.at);

  const plan = compile(readJsonFile(positionals[0]!, 'graph'), io);
  if (!plan) return 1;
  const startMs = atMs ?? defaultStart(Date.now());
  const signal = parseSignal(values.signal, plan, startMs);

  const engine = new SimEngine({ startMs, seed });
  const spotAtStart = spots(engine);
  const later: Array<{ signal: Signal; run: RunRecord }> = [];
  const deployment = engine.deploy(plan, { id: 'cli' }, { onRun: (s, run) => s.id !== signal.id && later.push({ signal: s, run }) });
  const run = await deployment.submit(signal);
  await engine.idle();
  for (let i = 0; i < ticks; i++) await engine.tick(tickMs);

  const orders = await engine.broker.orders();
  const positions = await engine.broker.positions(engine.accountId);
  const funds = await engine.broker.funds(engine.accountId);
  io.out(
    JSON.stringify(
      {
        signal,
        status: run.status,
        trace: run.steps.map((s) => ({ ...s, startedAt: iso(s.startedAt) })),
        orders: orders.map((o) => ({
          id: o.id,
          symbol: o.symbol,
          side: o.side,
          qty: o.qty,
          type: o.type,
          price: o.avgFillPrice ?? o.price,
          status: o.status,
          ...(o.charges !== undefined ? { charges: o.charges } : {}),
          ...(o.rejectReason ? { reason: o.rejectReason } : {}),
        })),
        // pnl is gross; netPnl is after the charges of the symbol's fills.
        positions: positions.map((p) => ({ symbol: p.symbol, qty: p.qty, avgPrice: p.avgPrice, ltp: p.ltp, pnl: p.pnl, charges: p.charges, netPnl: p.netPnl })),
        summary: summary(funds),
        events: [
          ...engine.events.map((e) => ({ ...e, time: iso(e.time) })),
          ...engine.logs.map((l) => ({ type: 'log', ...l, time: iso(l.time) })),
          ...later.map(({ signal: s, run: r }) => ({
            type: 'run',
            time: s.receivedAt,
            action: s.action,
            source: s.source,
            status: r.status,
            steps: r.steps.length,
          })),
        ].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
        clock: { start: iso(startMs), end: iso(engine.clock.now()), ticks, tickSeconds: tickMs / 1000, seed },
        market: { start: spotAtStart, end: spots(engine) },
      },
      null,
      2,
    ),
  );
  return run.status === 'failed' ? 1 : 0;
}

function compile(raw: unknown, io: CommandIO): Plan | undefined {
  try {
    return compileGraph(raw, registry);
  } catch (err) {
    if (!(err instanceof GraphInvalidError)) throw err;
    io.err(`legflow: the graph has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}:`);
    for (const p of err.problems) io.err(`  ✗ [${p.nodeId ? `node ${p.nodeId}` : p.edgeId ? `connection ${p.edgeId}` : 'graph'}] ${p.message}`);
    return undefined;
  }
}

/** The signal as the graph hears it: a missing channel or source comes from its source nodes, as in the editor's test run. */
function parseSignal(arg: string, plan: Plan, startMs: number): Signal {
  const { value, raw } = readSignalArg(arg);
  const steps = new Map(plan.steps.map((s) => [s.nodeId, s]));
  // In the order the nodes are saved, as the server's test run reads them.
  const heard = listenersOf(plan.graph.nodes.flatMap((n) => steps.get(n.id) ?? []));
  const result = sampleSignal(value, heard, { id: 'sig-1', receivedAt: new Date(startMs), rawBody: raw });
  if (!result.ok) throw new CliError(`the signal is invalid: ${problemsText(result.problems)}`);
  return result.signal;
}

/** 10:00 IST on the first trading day whose 10:00 is still ahead; past the calendar, a clear refusal. */
export function defaultStart(nowMs: number, calendar = TradingCalendar.default()): number {
  let date = istParts(nowMs).date;
  try {
    for (;;) {
      const at = istToMs(date, '10:00');
      if (at > nowMs && calendar.isTradingDay(date)) return at;
      date = addDays(date, 1);
    }
  } catch (err) {
    if (!(err instanceof MarketError)) throw err;
    throw new CliError(`without --at, legflow run starts on the next trading day, and ${err.message} Or pass --at <ISO time>.`);
  }
}

function parseAt(text: string): number {
  // A date alone means 10:00 IST that day; a time without a zone is read as IST, the exchange's clock.
  if (/^\d{4}-\d\d-\d\d$/.test(text)) return istToMs(text, '10:00');
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}+05:30`;
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text) ? Date.parse(withZone) : Number.NaN;
  if (!Number.isFinite(ms)) throw new CliError(`--at must be an ISO time such as 2026-11-25T10:00:00+05:30; got "${text}"`);
  return ms;
}

function intFlag(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  }
  return n;
}

/**
 * The account at the end of the run: P&L gross (realised + open at LTP), the charges paid, net P&L, and the
 * money (cash after charges, equity, margin used and free).
 */
function summary(funds: Funds) {
  const pnl = toRupees(toPaise(funds.realisedPnl) + toPaise(funds.unrealisedPnl));
  return {
    pnl,
    realisedPnl: funds.realisedPnl,
    unrealisedPnl: funds.unrealisedPnl,
    charges: funds.charges,
    netPnl: toRupees(toPaise(pnl) - toPaise(funds.charges)),
    capital: funds.capital,
    cash: funds.cash,
    equity: funds.equity,
    marginUsed: funds.marginUsed,
    marginFree: funds.marginFree,
  };
}

/** Every underlying's price, so a reader can check the strikes the graph picked. */
function spots(engine: SimEngine): Record<string, number> {
  return Object.fromEntries(engine.instruments.underlyings().map((u) => [u, engine.market.spot(u)]));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
