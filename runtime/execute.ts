import type { CalendarPort, Clock, ExecutionPort, InstrumentsPort, NodeContext, NodeLogger, NodeMarketPort, NodeStateStore } from './context.ts';
import { errorMessage } from './errors.ts';
import type { FunctionsPort } from './functions.ts';
import { withRuleBudget } from './json-logic.ts';
import { messageFromSignal, type Message } from './message.ts';
import type { Plan, PlanStep } from './plan.ts';
import type { Signal } from './signal.ts';
import { signalWarnings } from './signal-shape.ts';
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
 * Node runs one event may make. A node runs once per message it receives, so joins that fan out and back in
 * double the messages at every level; a thousand-node graph run straight through makes a thousand.
 */
export const MAX_NODE_RUNS = 10_000;

/**
 * A run hands the thread back (one turn of the event loop) after this many node runs or milliseconds,
 * whichever comes first, so webhooks are answered and other deployments' runs go on in the meantime.
 * Writable for bench/long-run-server.ts only, which turns it off to show what it is worth.
 */
export const SLICE: { nodeRuns: number; ms: number } = { nodeRuns: 16, ms: 5 };

/**
 * Runs one event through a compiled plan: the signal enters at every matching source, flows downstream in
 * plan order, and each node runs once per message it receives. A failing node stops its own path only; a
 * run that would make more than MAX_NODE_RUNS node runs stops there, failed.
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
  let sliceRuns = 0;
  let sliceStart = t0;
  run: for (const step of plan.steps) {
    const messages = inbox[step.index]!;
    for (const msg of messages) {
      if (steps.length === MAX_NODE_RUNS) {
        const trace = tooManyNodeRuns(step, msg, env, summaryOf);
        steps.push(trace);
        hooks.onStep?.(trace);
        failed = true;
        break run;
      }
      const trace = await runStep(step, msg, env, inbox, summaryOf);
      if (trace.status === 'failed') failed = true;
      steps.push(trace);
      hooks.onStep?.(trace);
      if (++sliceRuns >= SLICE.nodeRuns || performance.now() - sliceStart >= SLICE.ms) {
        await nextTurn();
        sliceRuns = 0;
        sliceStart = performance.now();
      }
    }
  }
  const warnings = signalWarnings(signal);
  return { signalId: signal.id, status: failed ? 'failed' : 'completed', startedAt, durationUs: micros(t0), steps, ...(warnings.length > 0 && { warnings }) };
}

/** Resolves in the event loop's next turn, after the I/O that is waiting (setImmediate, not a microtask). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The step a run ends with when it has made its last allowed node run. */
function tooManyNodeRuns(step: PlanStep, msg: Message, env: RunEnv, summaryOf: (msg: Message) => MessageSummary): TraceStep {
  return {
    nodeId: step.nodeId,
    type: step.def.type,
    label: step.label,
    startedAt: env.clock.now(),
    input: summaryOf(msg),
    status: 'failed',
    durationUs: 0,
    output: {},
    error: `Run too costly: this signal made nodes run ${MAX_NODE_RUNS.toLocaleString('en-US')} times, the most one signal may; the run stopped before this node. Connections that branch and join again multiply the messages at every join: join fewer branches, or split the graph.`,
  };
}

async function runStep(step: PlanStep, msg: Message, env: RunEnv, inbox: Message[][], summaryOf: (msg: Message) => MessageSummary): Promise<TraceStep> {
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
    // The node's rules share one budget (runtime/rule-budget.ts), so a node's own work is bounded too.
    const out = await withRuleBudget(() => step.def.run(ctx, msg, step.params));
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
