// pinets is AGPL-3.0: tests and benches only, never code that ships (docs/decisions.md; .dependency-cruiser.mjs).
import { Indicator, PineTS } from 'pinets';
import type { Bar } from '../../runtime/backtest/history/bars.ts';
import { normalizeSignal, type Signal } from '../../runtime/signal.ts';
import { evaluate } from '../pine-expression.ts';
import type { PineTemplate } from '../pine-source.ts';
import { fillPlaceholders } from '../tradingview-placeholders.ts';
import { SECRET_MARKER, STRATEGY_MESSAGE } from './alerts.ts';

/** The chart the scripts run on: NSE's NIFTY 50 index, one-minute bars, prices on a 0.05 tick. */
const BAR_MS = 60_000;
const INTERVAL = '1';
const MINTICK = 0.05;

/** What TradingView would post for one alert of a run, and the bar (index into the bars given) that fired it. */
export interface PineRunAlert {
  bar: number;
  via: 'alertcondition' | 'alert' | 'order fill';
  body: string;
}

/**
 * What the runner reads of a pinets run. pinets' own type declarations do not resolve under this project's
 * NodeNext resolution (their relative imports have no extensions), so its API arrives untyped: the shapes
 * read are written here, as pinets 0.9.34 documents them, and assigned once where the run's result arrives.
 */
interface PinetsContext {
  alerts: Array<{ type: string; message: string; bar_index: number }>;
  warnings: Array<{ message: string }>;
  /** By title, in plot order; pinets' drawing collections are kept under `__…__` names. */
  plots: Record<string, { data?: Array<{ value: unknown }> }>;
  strategy?: { closedtrades: StrategyTrade[]; opentrades: StrategyTrade[] };
}

export interface PineRun {
  alerts: PineRunAlert[];
  /** The alert events pinets itself raised: for a strategy, none (see orderFillAlerts). */
  raised: number;
}

/**
 * Runs a template in pinets over `bars` (stamped at their open, one a minute), with the trader's secret in its
 * Secret input, and returns every alert it sends, oldest first, as TradingView would post it:
 * - alertcondition(): the constant message with TradingView's placeholders filled from the bar that fired
 *   and the script's plots there, and the secret pasted over the marker, as the trader does in the dialog;
 * - alert(): the message the script built, as pinets computed it;
 * - a strategy's order fills: see orderFillAlerts.
 * Each alert fires as its bar closes (once per bar close): alertSignal receives it a minute after the bar's time.
 */
export async function runPine(template: PineTemplate, bars: readonly Bar[], secret: string): Promise<PineRun> {
  const pine = new PineTS(provider(bars), 'NIFTY', INTERVAL);
  // Every bar is history here; TradingView would have fired each of these alerts as its bar closed.
  pine.setAlertMode('all');
  const inputs = template.inputs.has('secret') ? { Secret: secret } : {};
  const context: PinetsContext = await pine.run(new Indicator(template.source, inputs));
  if (context.warnings.length > 0) throw new Error(`${template.file}: pinets warned: ${context.warnings.map((w) => w.message).join('; ')}`);
  const plots = plotSeries(context.plots);
  const alerts: PineRunAlert[] = context.alerts.map((a) => {
    if (a.type === 'alert') return { bar: a.bar_index, via: 'alert', body: a.message };
    if (a.type !== 'alertcondition') throw new Error(`${template.file}: pinets raised an alert of kind ${a.type}`);
    const filled = fillPlaceholders(a.message, placeholderValues(bars, a.bar_index, plots), 'indicator');
    return { bar: a.bar_index, via: 'alertcondition', body: filled.replaceAll(SECRET_MARKER, secret) };
  });
  if (template.declaration === 'strategy') {
    const trades = [...(context.strategy?.closedtrades ?? []), ...(context.strategy?.opentrades ?? [])];
    alerts.push(...orderFillAlerts(template, bars, trades, secret));
  }
  return { alerts: alerts.sort((a, b) => a.bar - b.bar), raised: context.alerts.length };
}

export interface StrategyTrade {
  entry_id: string;
  entry_bar_index: number;
  entry_price: number;
  exit_bar_index?: number;
  exit_price?: number;
}

/**
 * The alerts of a strategy's order fills, which pinets 0.9.34 does not give as TradingView would, on two counts:
 * - it raises no order-fill alert events (its alerts hold alert() and alertcondition() calls only) and keeps
 *   no filled order's `alert_message`;
 * - it ignores `process_orders_on_close`: a market order fills at the next bar's open, where TradingView, with
 *   the option on as the template declares it, fills it at the close of the bar that placed it.
 * So pinets decides which orders fill (its trades), each fill is moved back to the bar that placed the order
 * (checked: pinets filled it at that bar's next open), and the message is the `alert_message` of the order's
 * call in the script, evaluated on that bar by pine-expression.ts and put where the alert's Message
 * `{{strategy.order.alert_message}}` puts it. Long-only strategy.entry / strategy.close pairs are what the
 * templates use; anything else is refused. (An order placed on the last bar, which pinets never fills, sends
 * no alert here.)
 */
function orderFillAlerts(template: PineTemplate, bars: readonly Bar[], trades: readonly StrategyTrade[], secret: string): PineRunAlert[] {
  const messageOf = (call: 'entry' | 'close', id: string): string => {
    const pattern = new RegExp(`strategy\\.${call}\\(\\s*"${id}"`);
    const lines = new Set(template.lines.filter((l) => pattern.test(l.text)).map((l) => l.line));
    const alert = template.alerts.find((a) => a.via === 'alert_message' && lines.has(a.line));
    if (!alert) throw new Error(`${template.file}: no strategy.${call}("${id}", …, alert_message = …) for a fill pinets made`);
    return alert.expression!;
  };
  const fill = (filledOn: number, price: number, expression: string): PineRunAlert => {
    if (price !== bars[filledOn]!.open)
      throw new Error(`${template.file}: pinets filled an order at ${price}, not at the open of bar ${filledOn}: revisit orderFillAlerts`);
    const bar = filledOn - 1;
    const b = bars[bar]!;
    const values = { 'syminfo.ticker': 'NIFTY', close: b.close, time: b.time, timenow: b.time + BAR_MS };
    const message = String(evaluate(expression, { template, bar: { values, mintick: MINTICK }, inputs: { secret } }));
    return { bar, via: 'order fill', body: fillPlaceholders(STRATEGY_MESSAGE, { 'strategy.order.alert_message': message }, 'strategy') };
  };
  return trades.flatMap((t) => [
    fill(t.entry_bar_index, t.entry_price, messageOf('entry', t.entry_id)),
    ...(t.exit_bar_index === undefined || t.exit_price === undefined ? [] : [fill(t.exit_bar_index, t.exit_price, messageOf('close', t.entry_id))]),
  ]);
}

/** An alert as the signal Legflow's webhook makes of it, received as its bar closes. */
export function alertSignal(alert: PineRunAlert, bars: readonly Bar[], id: string): Signal {
  const receivedAt = new Date(bars[alert.bar]!.time + BAR_MS);
  const parsed = normalizeSignal(JSON.parse(alert.body), { source: 'tradingview', id, receivedAt, rawBody: alert.body });
  if (!parsed.ok) throw new Error(`not a valid signal: ${JSON.stringify(parsed.problems)}\n${alert.body}`);
  return parsed.signal;
}

/** The bars as pinets' data source, with the symbol's details TradingView's NSE:NIFTY chart has. */
function provider(bars: readonly Bar[]) {
  const klines = bars.map((b) => ({
    openTime: b.time,
    closeTime: b.time + BAR_MS,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
    volume: b.volume ?? 0,
  }));
  // The scripts read syminfo.ticker, the exchange's zone (for sessions) and the tick (format.mintick); the rest
  // of pinets' symbol record, which they never read, is left out.
  const symbol = {
    ticker: 'NIFTY',
    tickerid: 'NSE:NIFTY',
    prefix: 'NSE',
    root: 'NIFTY',
    type: 'index',
    currency: 'INR',
    timezone: 'Asia/Kolkata',
    mintick: MINTICK,
  };
  return {
    getMarketData: () => Promise.resolve(klines),
    getSymbolInfo: () => Promise.resolve(symbol),
    configure: () => {},
  };
}

/** The script's plots in plot order (pinets' own drawing collections, `__…__`, left out): `{{plot_N}}` is the N-th. */
function plotSeries(plots: PinetsContext['plots']): Array<Array<{ value: unknown }>> {
  return Object.entries(plots)
    .filter(([name]) => !name.startsWith('__'))
    .map(([, plot]) => plot.data ?? []);
}

function placeholderValues(bars: readonly Bar[], i: number, plots: ReadonlyArray<ReadonlyArray<{ value: unknown }>>): Record<string, string> {
  const b = bars[i]!;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ticker: 'NIFTY',
    exchange: 'NSE',
    open: String(b.open),
    high: String(b.high),
    low: String(b.low),
    close: String(b.close),
    volume: String(b.volume ?? 0),
    time: iso(b.time),
    timenow: iso(b.time + BAR_MS),
    interval: INTERVAL,
    ...Object.fromEntries(plots.map((series, n) => [`plot_${n}`, String(series[i]?.value ?? '')])),
  };
}
