import type { CalendarPort, Clock, ExecutionPort, InstrumentsPort, NodeContext, NodeLogger, NodeMarketPort, NodeStateStore } from './context.ts';
import { errorMessage } from './errors.ts';
import type { FunctionsPort } from './functions.ts';
import { messageFromSignal, type Message } from './message.ts';
import type { Plan, PlanStep } from './plan.ts';
import type { Signal } from './signal.ts';
import { summarize, type MessageSummary, type RunRecord, type TraceStep } from './trace.ts';

/** What a deployment (or a test run) provides to every node of one event. */
export interface RunEnv {
  clock: Clock;
  market: NodeMarketPort;
  instruments: InstrumentsPort;
  calendar: CalendarPort;
  log: NodeLogger;
  deployment: { id: string; mode: 'sim' | 'live' };
  dryRun: boolean;
  functions: FunctionsPort;
  /** Execution bound to the node that calls it (client order ids include the node id). */
  execution(nodeId: string): ExecutionPort;
  state(nodeId: string): NodeStateStore;
}

export interface RunHooks {
  /** Called as each node finishes: the trace streamed live. */
  onStep?(step: TraceStep): void;
}

/**
 * Runs one event through a compiled plan: the signal enters at every matching source, flows downstream in
 * plan order, and each node runs once per message it receives. A failing node stops its own path only.
 */
export async function runEvent(plan: Plan, signal: Signal, env: RunEnv, hooks: RunHooks = {}): Promise<RunRecord> {
  const t0 = performance.now();
  const startedAt = env.clock.now();
  const inbox: Message[][] = plan.steps.map(() => []);
  let matched = false;
  for (const i of plan.sources) {
    const step = plan.steps[i]!;
    if (step.def.trigger!.matches(signal, step.params, step.nodeId)) {
      inbox[i]!.push(messageFromSignal(signal));
      matched = true;
    }
  }
  const steps: TraceStep[] = [];
  // One summary per message: a message that leaves one node and enters the next is summarised once, and
  // the trace holds the same object in both places (packTrace stores it once).
  const summaries = new Map<Message, MessageSummary>();
  const summaryOf = (msg: Message): MessageSummary => {
    let s = summaries.get(msg);
    if (!s) summaries.set(msg, (s = summarize(msg)));
    return s;
  };
  if (!matched) return { signalId: signal.id, status: 'ignored', startedAt, durationUs: micros(t0), steps };
  let failed = false;
  for (const step of plan.steps) {
    const messages = inbox[step.index]!;
    for (const msg of messages) {
      const trace = await runStep(step, msg, env, inbox, summaryOf);
      if (trace.status === 'failed') failed = true;
      steps.push(trace);
      hooks.onStep?.(trace);
    }
  }
  return { signalId: signal.id, status: failed ? 'failed' : 'completed', startedAt, durationUs: micros(t0), steps };
}

async function runStep(
  step: PlanStep,
  msg: Message,
  env: RunEnv,
  inbox: Message[][],
  summaryOf: (msg: Message) => MessageSummary,
): Promise<TraceStep> {
  const startedAt = env.clock.now();
  const t0 = performance.now();
  const ctx: NodeContext = {
    clock: env.clock,
    market: env.market,
    instruments: env.instruments,
    calendar: env.calendar,
    execution: env.execution(step.nodeId),
    functions: env.functions,
    state: env.state(step.nodeId),
    log: env.log,
    deployment: env.deployment,
    nodeId: step.nodeId,
    dryRun: env.dryRun,
  };
  const base = { nodeId: step.nodeId, type: step.def.type, label: step.label, startedAt, input: summaryOf(msg) };
  try {
    const out = await step.def.run(ctx, msg, step.params);
    const output: Record<string, MessageSummary[]> = {};
    if (out) {
      for (const [port, value] of Object.entries(out)) {
        if (value === undefined) continue;
        const routes = step.routes.get(port);
        if (!routes && !step.def.outputs.some((p) => p.name === port)) {
          throw new Error(`node returned an unknown output "${port}"`);
        }
        const list = isMessageList(value) ? value : [value];
        output[port] = list.map(summaryOf);
        for (const target of routes ?? []) inbox[target.step]!.push(...list);
      }
    }
    return { ...base, status: 'ok', durationUs: micros(t0), output };
  } catch (err) {
    return { ...base, status: 'failed', durationUs: micros(t0), output: {}, error: errorMessage(err) };
  }
}

function isMessageList(v: Message | readonly Message[]): v is readonly Message[] {
  return Array.isArray(v);
}

function micros(t0: number): number {
  return Math.round((performance.now() - t0) * 1000);
}
