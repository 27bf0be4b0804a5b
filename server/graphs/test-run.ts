import { normalizeSignal, type Signal, type SignalSource } from '../../runtime/signal.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import { validateGraph, type CheckedNode } from '../../runtime/validate.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { randomId } from '../ids.ts';

interface Listener {
  source: SignalSource;
  channel: string | undefined;
}

/** The sources a graph listens on, in the order its nodes are saved. */
function listeners(nodes: Map<string, CheckedNode>): Listener[] {
  return [...nodes.values()].flatMap(({ def, params }) => (def.trigger ? [{ source: def.trigger.source, channel: def.trigger.channel?.(params) }] : []));
}

/**
 * A sample signal as the graph would receive it: a missing channel or source is taken from the graph's own
 * source node (the one on the given channel, else the first), so `{action:"ENTRY"}` is enough to try a graph.
 */
function sampleSignal(raw: Record<string, unknown>, heard: Listener[], receivedAt: Date): Signal {
  const onChannel = typeof raw.channel === 'string' ? heard.find((l) => l.channel === raw.channel) : undefined;
  const listener = onChannel ?? heard.find((l) => l.channel !== undefined) ?? heard[0];
  // A source without a channel (schedule, price) hears signals on its source's name, as the runtime sends them.
  const channel = listener?.channel ?? listener?.source;
  const withChannel = raw.channel === undefined && channel ? { ...raw, channel } : raw;
  const source = raw.source === undefined ? listener?.source : undefined;
  const result = normalizeSignal(withChannel, { id: `test-${randomId(12)}`, receivedAt, ...(source ? { source } : {}) });
  if (!result.ok) {
    throw new ApiError(400, 'invalid_signal', `The sample signal is not valid: ${result.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
      problems: result.problems,
    });
  }
  return result.signal;
}

/** Runs a draft on a sample signal against the live SIM market; nothing is ordered and nothing is stored. */
export async function testRunDraft(ctx: AppContext, userId: string, draft: unknown, raw: Record<string, unknown>): Promise<RunRecord> {
  const checked = validateGraph(draft, ctx.nodes);
  if (!checked.ok) {
    throw new ApiError(422, 'invalid_graph', `The graph has ${checked.problems.length} problem(s) to fix before it can run.`, { problems: checked.problems });
  }
  const signal = sampleSignal(raw, listeners(checked.nodes), new Date(ctx.trading.now()));
  return ctx.engine.testRun(draft, signal, userId);
}
