import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_PATTERN, KNOWN_ACTIONS, normalizeSignal } from '../runtime/signal.ts';
import { filledAlerts, graphTemplatesOn, pineTemplates, SECRET_MARKER, type FilledAlert } from './testing/alerts.ts';
import { placeholdersIn } from './tradingview-placeholders.ts';

const SECRET = 'qL4vX9_test-secret-2Hn';
const templates = pineTemplates();

function signalOf({ body }: FilledAlert) {
  const json: unknown = JSON.parse(body);
  const parsed = normalizeSignal(json, { source: 'tradingview', id: 'sig_test', receivedAt: '2026-11-25T04:30:02Z', rawBody: body });
  if (!parsed.ok) throw new Error(`not a valid signal: ${JSON.stringify(parsed.problems)}\n${body}`);
  return { json: json as Record<string, unknown>, signal: parsed.signal };
}

const label = (a: FilledAlert) => `${a.alert.via}${a.alert.title ? ` "${a.alert.title}"` : ''} on line ${a.alert.line}`;

it('the folder holds the five templates of issue 5', () => {
  expect(templates.map((t) => `${t.file} (${t.declaration})`)).toEqual([
    'ema-crossover.pine (indicator)',
    'opening-range-breakout.pine (indicator)',
    'rsi-reversal.pine (indicator)',
    'supertrend.pine (indicator)',
    'trend-strategy.pine (strategy)',
  ]);
});

describe.each(templates.map((t) => [t.file, t] as const))('%s', (_, template) => {
  const alerts = filledAlerts(template, SECRET);

  it('is Pine Script v6 and can alert', () => {
    expect(template.source.startsWith('//@version=6\n')).toBe(true);
    expect(alerts.length).toBeGreaterThan(0);
    // alertcondition() does nothing in a strategy; a strategy's orders carry the messages instead.
    const ways = new Set(template.alerts.map((a) => a.via));
    if (template.declaration === 'strategy') expect([...ways]).toEqual(['alert_message']);
    else expect(ways.has('alert_message')).toBe(false);
  });

  it.each(alerts.map((a) => [label(a), a] as const))('%s, filled in, is valid JSON with the secret and a valid Legflow signal', (_, filled) => {
    const { json, signal } = signalOf(filled);
    expect(json.secret).toBe(SECRET);
    expect(signal).toMatchObject({ source: 'tradingview', symbol: 'NIFTY', price: 25880.5, time: '2026-11-25T04:25:00Z' });
    expect(KNOWN_ACTIONS).toContain(signal.action);
    expect(signal.channel).toMatch(CHANNEL_PATTERN);
    expect(signal.data).not.toHaveProperty('secret');
    // action + id + bar time name the alert, so a resent one is a duplicate and the next bar's is not.
    expect(signal.dedupeKey).toBe(`${signal.channel}|id|${JSON.stringify([signal.action, String(json.id), '2026-11-25T04:25:00Z'])}`);
  });

  it('gives each of its alerts its own id, so two alerts on one bar are never taken for one', () => {
    const ids = alerts.map((a) => signalOf(a).json.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends only actions that the graph templates on its channel act on', () => {
    for (const filled of alerts) {
      const { signal } = signalOf(filled);
      for (const { name, graph } of graphTemplatesOn(signal.channel)) {
        for (const node of graph.nodes) {
          const listens = node.type === 'source.tradingview' && Array.isArray(node.params.actions) && node.params.actions.length > 0;
          const routes = node.type === 'transform.switch' && node.params.field === 'action' && Array.isArray(node.params.cases);
          const accepted = listens ? node.params.actions : routes ? node.params.cases : undefined;
          if (accepted) expect(accepted, `${name}: ${node.id}`).toContain(signal.action);
        }
      }
    }
  });

  const viaAlertcondition = alerts.filter((a) => a.alert.via === 'alertcondition');
  if (viaAlertcondition.length > 0)
    it('alertcondition() messages: known placeholders, all quoted, and the secret marker once', () => {
      for (const { alert } of viaAlertcondition) {
        const message = alert.message!;
        expect(message.split(SECRET_MARKER)).toHaveLength(2);
        expect(placeholdersIn(message).length).toBeGreaterThan(0);
        // Quoted, an empty value still leaves valid JSON.
        expect(message.match(/"\{\{[^}]+\}\}"/g)).toHaveLength(placeholdersIn(message).length);
      }
    });

  const built = alerts.filter((a) => a.built !== undefined);
  if (built.length > 0)
    it('alert() and alert_message are built from inputs, with no placeholders, once per bar close', () => {
      for (const filled of built) {
        // TradingView fills placeholders only in the alert dialog's Message, so the script writes values in.
        expect(filled.built).not.toContain('{{');
        if (filled.alert.via === 'alert') expect(filled.alert.freq).toBe('alert.freq_once_per_bar_close');
        expect(signalOf(filled).signal.channel).toBe(template.inputs.get('channel')?.value);
      }
      expect(template.inputs.get('secret')).toEqual({ title: 'Secret', value: '' });
      expect(String(template.inputs.get('channel')?.value)).toMatch(CHANNEL_PATTERN);
      if (template.declaration === 'strategy') expect(template.declarationArgs.process_orders_on_close).toBe('true');
    });
});

it('every script that builds messages builds them with the same functions', () => {
  const builders = templates.filter((t) => t.functions.has('legflowMessage'));
  expect(builders.map((t) => t.file)).toEqual(['opening-range-breakout.pine', 'rsi-reversal.pine', 'supertrend.pine', 'trend-strategy.pine']);
  const [first, ...rest] = builders.map((t) => ({ isoTime: t.functions.get('isoTime'), legflowMessage: t.functions.get('legflowMessage') }));
  for (const other of rest) expect(other).toEqual(first);
});

it('the example messages in docs/pine.md are what the templates send', () => {
  const guide = readFileSync(join(import.meta.dirname, '..', 'docs', 'pine.md'), 'utf8');
  const examples = [...guide.matchAll(/```json\n(.*)\n```/g)].map((m) => m[1]);
  const sent = new Set(templates.flatMap((t) => filledAlerts(t, '<your secret>').map((a) => a.body)));
  expect(examples).toHaveLength(templates.length);
  for (const example of examples) expect(sent, example).toContain(example);
});
