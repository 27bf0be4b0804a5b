import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tradingDates } from '../runtime/backtest/backtest-settings.ts';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { Instruments } from '../runtime/market/instruments.ts';
import { toPaise } from '../runtime/money.ts';
import { BACKTRADER_VERSION, backtraderYear, type PeerYear } from './backtest/backtrader-peer.ts';
import { currentWeekExpiries, dailyEntries, legflowOnHistory, legflowOnSynthetic, shortStraddle, type LegflowYear } from './backtest/legflow-year.ts';
import { firstDifference, legflowTrades } from './backtest/straddle-trades.ts';
import { barsCsv, yearBars } from './backtest/year-bars.ts';
import { printTable } from './table.ts';

const YEAR = 2026;
const SEED = 1;
const UNDERLYING = 'NIFTY';
/** The walk's volatility, a little above the options' so that stops are met on some days and not on others. */
const PATH_VOL = 0.13;
/** The constant volatility both sides price the options at. */
const OPTION_VOL = 0.12;
/** The daily ENTRY; the template squares off at 15:15 by itself. */
const ENTRY_AT = '09:20';

/**
 * `npm run bench -- backtest`: a year of NIFTY 1-minute bars (the trading days of 2026, a seeded walk around
 * 25,000) played through templates/short-straddle with an ENTRY at 09:20 every day: Legflow's backtest on the
 * bars, the same strategy written independently in backtrader over the same CSV, and Legflow on its synthetic
 * market for reference. Prints wall time, bars per second, trades and P&L of each, the speed ratio, and
 * whether the two P&Ls agree (the first differing trade when not).
 */
export default async function backtestBench(): Promise<void> {
  const calendar = TradingCalendar.default();
  const instruments = Instruments.default(calendar);
  const dir = mkdtempSync(join(tmpdir(), 'legflow-bench-backtest-'));
  try {
    const bars = yearBars({ calendar, year: YEAR, seed: SEED, start: 25_000, annualVol: PATH_VOL, tick: instruments.get(UNDERLYING).tickSize });
    const barsFile = join(dir, `${UNDERLYING.toLowerCase()}-${YEAR}-1m.csv`);
    writeFileSync(barsFile, barsCsv(bars));
    const plan = shortStraddle();
    const dates = tradingDates(calendar, `${YEAR}-01-01`, `${YEAR}-12-31`);
    const run = { plan, year: YEAR, signals: dailyEntries(plan, dates, ENTRY_AT) };

    process.stderr.write(`Legflow: ${bars.length.toLocaleString('en-US')} bars over ${dates.length} days …\n`);
    const first = await legflowOnHistory(run, barsFile, UNDERLYING, OPTION_VOL);
    const second = await legflowOnHistory(run, barsFile, UNDERLYING, OPTION_VOL);
    const synthetic = await legflowOnSynthetic(run, SEED);

    const market = first.result.inputs.settings.market;
    if (market === 'synthetic') throw new Error('the history run reports the synthetic market');
    const peer = backtraderYear({
      barsFile,
      expiries: currentWeekExpiries(instruments, UNDERLYING, dates, ENTRY_AT),
      vol: OPTION_VOL,
      rate: market.underlyings[UNDERLYING]!.rates.rate,
      dividendYield: market.underlyings[UNDERLYING]!.rates.dividendYield,
      spreadPct: market.spreadPct,
      lotSize: instruments.lotSize(UNDERLYING),
    });
    const peerSeconds = 'problem' in peer ? undefined : peer.seconds;

    const legflowRow = (name: string, where: string, y: LegflowYear) => {
      const seconds = y.readSeconds + y.runSeconds;
      return {
        run: name,
        market: where,
        'read bars s': y.readSeconds === 0 ? '–' : y.readSeconds,
        'wall s': seconds,
        'CPU s': y.cpuSeconds,
        'bars/s': Math.round(bars.length / seconds),
        trades: y.result.trades.length,
        'gross P&L': rupees(y.result.summary.grossPnl),
        'net P&L': rupees(y.result.summary.netPnl),
        'speed vs backtrader': peerSeconds === undefined ? '–' : `${(peerSeconds / seconds).toFixed(2)}×`,
      };
    };
    const bs = `the bars, Black-Scholes at ${OPTION_VOL * 100} %`;
    const rows: Array<Record<string, string | number>> = [legflowRow('Legflow, first run', bs, first), legflowRow('Legflow, second run', bs, second)];
    if (!('problem' in peer)) rows.push(peerRow(peer, bs, bars.length));
    rows.push(legflowRow('Legflow', `synthetic, seed ${SEED}`, synthetic));
    printTable(`Short straddle over a year of 1-minute bars (${YEAR}, ${dates.length} days), one core (target: under 1 s, at least 10× backtrader)`, rows);

    if ('problem' in peer) process.stdout.write(`\nbacktrader is unavailable, so there is no peer figure: ${peer.problem}\n`);
    else reportAgreement(first, peer, instruments);
    process.stdout.write(
      '\nTimes are in-process: reading the CSV and playing it (backtrader: loading its feed and running cerebro), not starting Node or Python; bars/s and the speed are by wall time.\n' +
        `Both sides sell at the bid and buy at the ask of a ${market.spreadPct * 100} % spread; Legflow's net P&L is after the dated charges, which the peer does not model, so the gross P&Ls are compared.\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function peerRow(peer: PeerYear, where: string, bars: number) {
  return {
    run: `backtrader ${BACKTRADER_VERSION}`,
    market: where,
    'read bars s': '–',
    'wall s': peer.seconds,
    'CPU s': peer.cpuSeconds,
    'bars/s': Math.round(bars / peer.seconds),
    trades: peer.trades.length,
    'gross P&L': rupees(peer.pnl),
    'net P&L': '–',
    'speed vs backtrader': '1.00×',
  };
}

/** Equal P&L, trade for trade, or the first trade where the two part. */
function reportAgreement(legflow: LegflowYear, peer: PeerYear, instruments: Instruments): void {
  const ours = legflowTrades(legflow.result, instruments);
  const diff = firstDifference(ours, peer.trades);
  const gross = legflow.result.summary.grossPnl;
  if (diff === null && toPaise(gross) === toPaise(peer.pnl) && legflow.result.openGroups === 0 && peer.open === 0) {
    process.stdout.write(`\nP&L equal: gross ${rupees(gross)} on both sides, the ${ours.length} trades the same trade for trade.\n`);
    return;
  }
  process.stdout.write(`\nP&L differs: Legflow gross ${rupees(gross)}, backtrader ${rupees(peer.pnl)}.\n`);
  if (diff !== null) {
    process.stdout.write(
      `First differing trade (#${diff.index + 1}):\n  Legflow    ${JSON.stringify(diff.legflow ?? null)}\n  backtrader ${JSON.stringify(diff.peer ?? null)}\n`,
    );
  }
}

const INR = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function rupees(n: number): string {
  return `${n < 0 ? '-' : ''}₹${INR.format(Math.abs(n))}`;
}
