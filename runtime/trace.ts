import type { Message } from './message.ts';

/** A compact, JSON-safe picture of a message for traces and the editor's edge hover. */
export interface MessageSummary {
  action: string;
  channel: string;
  source: string;
  legs?: Array<{ id: string; symbol: string; side: string; qty: number }>;
  vars?: Record<string, unknown>;
}

export interface TraceStep {
  nodeId: string;
  type: string;
  label: string;
  status: 'ok' | 'failed';
  /** Epoch ms on the deployment's clock. */
  startedAt: number;
  durationUs: number;
  input: MessageSummary;
  /** Output port → what left through it. */
  output: Record<string, MessageSummary[]>;
  error?: string;
}

export type RunStatus = 'completed' | 'failed' | 'ignored';

export interface RunRecord {
  signalId: string;
  status: RunStatus;
  startedAt: number;
  durationUs: number;
  steps: TraceStep[];
  /** What the trader should know about the run's input (fields an alert left unfilled). */
  warnings?: string[];
}

export function summarize(msg: Message): MessageSummary {
  const s: MessageSummary = { action: msg.signal.action, channel: msg.signal.channel, source: msg.signal.source };
  if (msg.legs.length > 0) s.legs = msg.legs.map((l) => ({ id: l.id, symbol: l.symbol, side: l.side, qty: l.qty }));
  const keys = Object.keys(msg.vars);
  if (keys.length > 0) {
    const vars: Record<string, unknown> = {};
    for (const k of keys.slice(0, MAX_VARS)) vars[k] = shallow(msg.vars[k]);
    if (keys.length > MAX_VARS) vars['…'] = `${keys.length - MAX_VARS} more`;
    s.vars = vars;
  }
  return s;
}

const MAX_ITEMS = 20;
/** Vars shown per message: a chain of set nodes would otherwise copy every var into every step's picture. */
const MAX_VARS = 50;
/** Pictures compared by content, the newest first: comparing each with all before it made a long run's packing quadratic. */
const RECENT_PICTURES = 4;

/**
 * Vars as a trader reads them in the trace: values, and lists of records (the orders an entry placed)
 * with their plain fields; anything deeper is elided so a trace stays small.
 */
function shallow(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (depth >= 2) return Array.isArray(v) ? `[${v.length} items]` : '{…}';
  if (Array.isArray(v)) {
    const items = v.slice(0, MAX_ITEMS).map((item) => shallow(item, depth + 1));
    return v.length > MAX_ITEMS ? [...items, `… ${v.length - MAX_ITEMS} more`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) out[k] = shallow(value, depth + 1);
  return out;
}

/** Where a summary first appears in a run: `[step]` is that step's input, `[step, port, item]` one of its outputs. */
type SummaryRef = { $ref: [number] | [number, string, number] };

/** A run as stored: a summary that appears again (one node's output entering the next) is a reference. */
export interface PackedRunRecord extends Omit<RunRecord, 'steps'> {
  steps: Array<Omit<TraceStep, 'input' | 'output'> & { input: MessageSummary | SummaryRef; output: Record<string, Array<MessageSummary | SummaryRef>> }>;
}

/**
 * A trace to store: each message summary is written once, and again only as a reference to its first
 * place. A message passing through six nodes is kept once instead of twelve times. The runtime hands the
 * same summary object to every place one message appears; a node that passes on a new message with the
 * same picture (a risk node adds policies, which summaries leave out) is matched by content.
 */
export function packTrace(record: RunRecord): PackedRunRecord {
  const byObject = new Map<MessageSummary, SummaryRef>();
  const firsts: Array<{ summary: MessageSummary; ref: SummaryRef }> = [];
  const pack = (s: MessageSummary, at: SummaryRef['$ref']): MessageSummary | SummaryRef => {
    let ref = byObject.get(s);
    for (let k = firsts.length - 1; !ref && k >= Math.max(0, firsts.length - RECENT_PICTURES); k--) {
      if (sameJson(firsts[k]!.summary, s)) ref = firsts[k]!.ref;
    }
    if (ref) {
      byObject.set(s, ref);
      return ref;
    }
    ref = { $ref: at };
    byObject.set(s, ref);
    firsts.push({ summary: s, ref });
    return s;
  };
  const steps = record.steps.map((step, i) => {
    const input = pack(step.input, [i]);
    const output: PackedRunRecord['steps'][number]['output'] = {};
    for (const [port, list] of Object.entries(step.output)) output[port] = list.map((s, k) => pack(s, [i, port, k]));
    return { ...step, input, output };
  });
  return { ...record, steps };
}

/** Equal as JSON (summaries are plain data): a run has only a handful of distinct pictures to compare. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The stored trace back to the shape the runtime made (a trace stored before packing passes unchanged). */
export function unpackTrace(stored: PackedRunRecord): RunRecord {
  const inputs: MessageSummary[] = [];
  const outputs: Array<Record<string, MessageSummary[]>> = [];
  const resolve = (s: MessageSummary | SummaryRef): MessageSummary => {
    if (!isRef(s)) return s;
    const [i, port, k] = s.$ref;
    const found = port === undefined ? inputs[i] : outputs[i]?.[port]?.[k ?? 0];
    if (!found) throw new Error(`trace reference ${JSON.stringify(s.$ref)} points nowhere`);
    return found;
  };
  const steps = stored.steps.map((step, i): TraceStep => {
    const input = (inputs[i] = resolve(step.input));
    const output: Record<string, MessageSummary[]> = (outputs[i] = {});
    for (const [port, list] of Object.entries(step.output)) {
      const items: MessageSummary[] = (output[port] = []);
      for (const s of list) items.push(resolve(s));
    }
    return { ...step, input, output };
  });
  return { ...stored, steps };
}

function isRef(s: MessageSummary | SummaryRef): s is SummaryRef {
  return '$ref' in s && !('action' in s);
}
