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
}

export function summarize(msg: Message): MessageSummary {
  const s: MessageSummary = { action: msg.signal.action, channel: msg.signal.channel, source: msg.signal.source };
  if (msg.legs.length > 0) s.legs = msg.legs.map((l) => ({ id: l.id, symbol: l.symbol, side: l.side, qty: l.qty }));
  const keys = Object.keys(msg.vars);
  if (keys.length > 0) {
    const vars: Record<string, unknown> = {};
    for (const k of keys) vars[k] = shallow(msg.vars[k]);
    s.vars = vars;
  }
  return s;
}

const MAX_ITEMS = 20;

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
