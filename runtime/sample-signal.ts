import type { AnyNodeDefinition } from './node-contract.ts';
import type { SignalSource } from './signal-shape.ts';
import { normalizeSignal, type NormalizeOptions, type NormalizeResult, type SignalProblem } from './signal.ts';

/** A source node a graph listens with: its signal source and, for a channel source, its channel. */
export interface SignalListener {
  source: SignalSource;
  channel: string | undefined;
}

/** The sources a graph listens on, in the order the nodes are given (as saved, or a plan's steps). */
export function listenersOf(nodes: Iterable<{ def: AnyNodeDefinition; params: unknown }>): SignalListener[] {
  return [...nodes].flatMap(({ def, params }) => (def.trigger ? [{ source: def.trigger.source, channel: def.trigger.channel?.(params) }] : []));
}

/**
 * A sample signal as the graph would receive it (a test run in the editor, `legflow run`): a missing channel
 * or source is taken from the graph's own source node (the one on the given channel, else the first with a
 * channel, else the first), so `{action:"ENTRY"}` is enough to try a graph. A source or channel the sample
 * gives is kept. The problems, when it is not a valid signal, are for the caller to report in its own way.
 */
export function sampleSignal(raw: unknown, heard: readonly SignalListener[], opts: Omit<NormalizeOptions, 'source'>): NormalizeResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return normalizeSignal(raw, opts);
  const given = raw as Record<string, unknown>;
  const onChannel = typeof given.channel === 'string' ? heard.find((l) => l.channel === given.channel) : undefined;
  const listener = onChannel ?? heard.find((l) => l.channel !== undefined) ?? heard[0];
  // A source without a channel (schedule, price) hears signals on its source's name, as the runtime sends them.
  const channel = listener?.channel ?? listener?.source;
  const withChannel = given.channel === undefined && channel ? { ...given, channel } : given;
  const source = given.source === undefined ? listener?.source : undefined;
  return normalizeSignal(withChannel, { ...opts, ...(source ? { source } : {}) });
}

/** The problems of a signal in one line: `action is required; price must be a number`. */
export function problemsText(problems: readonly SignalProblem[]): string {
  return problems.map((p) => `${p.path} ${p.message}`).join('; ');
}
