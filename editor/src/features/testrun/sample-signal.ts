import type { TradingviewAlertField } from '../../../../runtime/tradingview-alert.ts';
import type { GraphDoc } from '../graph/graph-doc.ts';

/**
 * A sample for the test run, shaped like what the graph's source will receive: for a TradingView source,
 * the alert message Legflow gives for TradingView with its placeholders filled by example values (and no
 * secret: a test run is not a webhook). The channel is left out; the server takes it from the source.
 */
export function sampleSignalFor(doc: GraphDoc, now = new Date()): string {
  const source = doc.nodes.find((n) => n.type.startsWith('source.'));
  const params = source?.params ?? {};
  const actions = Array.isArray(params.actions) ? params.actions.filter((a): a is string => typeof a === 'string') : [];
  const action = actions[0] ?? (typeof params.action === 'string' ? params.action : 'ENTRY');
  const signal: Record<string, unknown> =
    source?.type === 'source.tradingview'
      ? ({ action, symbol: 'NIFTY', price: '25880.50', qty: '1', position: 'short', time: now.toISOString(), id: `test-${now.getTime()}` } satisfies Record<
          TradingviewAlertField,
          string
        >)
      : { action };
  return JSON.stringify(signal, null, 2);
}
