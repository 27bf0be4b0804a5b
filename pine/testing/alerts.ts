import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphSchema, type Graph } from '../../runtime/graph-schema.ts';
import { evaluate, type Bar } from '../pine-expression.ts';
import { loadPineTemplate, pineTemplateFiles, type PineAlert, type PineTemplate } from '../pine-source.ts';
import { fillPlaceholders } from '../tradingview-placeholders.ts';

/** What the alertcondition() messages hold where the trader pastes the channel's secret. */
export const SECRET_MARKER = 'YOUR-LEGFLOW-SECRET';

/** The whole Message of an alert on a strategy: each order's `alert_message` goes there. */
export const STRATEGY_MESSAGE = '{{strategy.order.alert_message}}';

/** A 5-minute NIFTY bar that opened at 09:55 IST on Wednesday 2026-11-25; its alerts fire as it closes. */
const BAR_TIME = '2026-11-25T04:25:00Z';
const FIRED_AT = '2026-11-25T04:30:01Z';

/** The bar as the scripts see it: built-ins, and the series the templates compute (RSI, Supertrend, ...). */
export const EXAMPLE_BAR: Bar = {
  mintick: 0.05,
  values: {
    'syminfo.ticker': 'NIFTY',
    close: 25880.5,
    time: Date.parse(BAR_TIME),
    timenow: Date.parse(FIRED_AT),
    supertrend: 25790.35,
    rsi: 31.4166,
    rangeHigh: 25912.4,
    rangeLow: 25841.15,
  },
};

/** The same bar as TradingView's placeholders give it: text, fixed-point numbers, UTC times. */
export const EXAMPLE_PLACEHOLDERS: Record<string, string> = {
  ticker: 'NIFTY',
  exchange: 'NSE',
  open: '25871.2',
  high: '25884.95',
  low: '25866.1',
  close: '25880.5',
  volume: '0',
  time: BAR_TIME,
  timenow: FIRED_AT,
  interval: '5',
  plot_0: '25871.32',
  plot_1: '25859.08',
  'strategy.order.action': 'buy',
  'strategy.order.contracts': '1',
  'strategy.order.price': '25880.5',
  'strategy.order.id': 'Long',
  'strategy.order.comment': 'Long',
  'strategy.position_size': '1',
  'strategy.market_position': 'long',
  'strategy.market_position_size': '1',
  'strategy.prev_market_position': 'flat',
  'strategy.prev_market_position_size': '0',
};

export interface FilledAlert {
  template: PineTemplate;
  alert: PineAlert;
  /** The alert as TradingView posts it, with the secret where the trader puts it. */
  body: string;
  /** alert() and alert_message only: the message the script builds, before TradingView sees it. */
  built?: string;
}

export function pineTemplates(): PineTemplate[] {
  return pineTemplateFiles().map(loadPineTemplate);
}

/** Every alert a template can send, as TradingView would post it on the example bar. */
export function filledAlerts(template: PineTemplate, secret: string): FilledAlert[] {
  return template.alerts.map((alert) => {
    if (alert.via === 'alertcondition') {
      const body = fillPlaceholders(alert.message!, EXAMPLE_PLACEHOLDERS, 'indicator').replaceAll(SECRET_MARKER, secret);
      return { template, alert, body };
    }
    const built = String(evaluate(alert.expression!, { template, bar: EXAMPLE_BAR, inputs: { secret } }));
    if (alert.via === 'alert') return { template, alert, body: built, built };
    const body = fillPlaceholders(STRATEGY_MESSAGE, { ...EXAMPLE_PLACEHOLDERS, 'strategy.order.alert_message': built }, 'strategy');
    return { template, alert, body, built };
  });
}

/** The graph templates (templates/*.graph.json) with a TradingView source listening on the channel. */
export function graphTemplatesOn(channel: string): Array<{ name: string; graph: Graph }> {
  const dir = join(import.meta.dirname, '..', '..', 'templates');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graph.json'))
    .map((f) => ({ name: f.replace(/\.graph\.json$/, ''), graph: graphSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }))
    .filter(({ graph }) => graph.nodes.some((n) => n.type === 'source.tradingview' && n.params.channel === channel));
}
