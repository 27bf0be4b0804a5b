import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_PATTERN } from './channel.ts';
import { SIGNAL_SOURCES, type Signal, type SignalSource } from './signal-shape.ts';
import { canonicalJson } from './canonical-json.ts';

export { CHANNEL_PATTERN };
export { KNOWN_ACTIONS, SIGNAL_SOURCES, type Signal, type SignalSource } from './signal-shape.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A whole value that is a TradingView placeholder left as written, e.g. `{{strategy.order.id}}` in an
 * alert that is not a strategy's: TradingView sends those unfilled. It counts as not given.
 */
const UNFILLED_PLACEHOLDER = /^\s*\{\{[^{}]*\}\}\s*$/;

/**
 * TradingView fills placeholders as text, so numbers often arrive quoted ("24510.5"). An empty placeholder
 * ("") means "not given"; anything else that is not a finite number is an error, never a silent 0.
 */
const looseNumber = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim();
    if (t === '') return undefined;
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : v;
  },
  z.number({ error: 'must be a number' }).finite().optional(),
);

const optionalText = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().max(200).optional(),
);

/** What a caller sends (webhook JSON, Python, CLI): known fields typed, everything else kept in `data`. */
export const signalInputSchema = z
  .object({
    channel: z.string().regex(CHANNEL_PATTERN, 'must be 1-100 letters, digits, ".", "_", ":" or "-"'),
    action: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(40)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a word such as ENTRY, EXIT, BUY or SELL')
      .transform((s) => s.toUpperCase()),
    source: z.enum(SIGNAL_SOURCES).optional(),
    symbol: optionalText,
    price: looseNumber,
    qty: looseNumber,
    position: optionalText,
    time: optionalText,
    id: optionalText,
  })
  .catchall(z.unknown());

export type SignalInput = z.input<typeof signalInputSchema>;

export interface SignalProblem {
  path: string;
  message: string;
}

export type NormalizeResult = { ok: true; signal: Signal } | { ok: false; problems: SignalProblem[] };

export interface NormalizeOptions {
  source?: SignalSource;
  id: string;
  receivedAt: Date | string;
  /** The raw body as received, for the duplicate key when the signal carries no id+time. */
  rawBody?: string;
  /** The raw body's SHA-256 in hex, when the caller has it already (one hash per alert, not two). */
  rawBodyHash?: string;
}

/** Parses an untrusted signal object into the normalised signal, or every problem found in it. */
export function normalizeSignal(raw: unknown, opts: NormalizeOptions): NormalizeResult {
  const forbidden = findForbiddenKey(raw);
  if (forbidden) return { ok: false, problems: [{ path: forbidden, message: 'this key name is not allowed' }] };
  const { given, unfilled } = withoutUnfilled(raw);
  const parsed = signalInputSchema.safeParse(given);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const placeholder = unfilled.get(String(i.path[0]));
        // Only a field every signal needs (the action) makes an unfilled placeholder an error.
        const message = placeholder
          ? `is the placeholder ${placeholder.trim()}, which TradingView did not fill in (strategy.* placeholders are filled only in alerts on a strategy); write the value itself`
          : i.message;
        return { path: i.path.join('.') || '(signal)', message };
      }),
    };
  }
  const { channel, action, source, symbol, price, qty, position, time, id, secret: _secret, text, ...rest } = parsed.data;
  const receivedAt = typeof opts.receivedAt === 'string' ? opts.receivedAt : opts.receivedAt.toISOString();
  const signal: Signal = {
    id: opts.id,
    source: opts.source ?? source ?? 'manual',
    channel,
    action,
    receivedAt,
    data: rest,
    dedupeKey: dedupeKeyOf(channel, action, id, time, opts.rawBody ?? canonicalJson(raw), opts.rawBodyHash),
  };
  if (symbol !== undefined) signal.symbol = symbol;
  if (price !== undefined) signal.price = price;
  if (qty !== undefined) signal.qty = qty;
  if (position !== undefined) signal.position = position;
  if (time !== undefined) signal.time = time;
  if (id !== undefined) signal.data = { ...signal.data, id };
  if (typeof text === 'string') signal.text = text;
  if (unfilled.size > 0) signal.unfilled = [...unfilled.keys()];
  return { ok: true, signal };
}

/** The signal without its unfilled placeholders, and those placeholders by field name. */
function withoutUnfilled(raw: unknown): { given: unknown; unfilled: Map<string, string> } {
  const unfilled = new Map<string, string>();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { given: raw, unfilled };
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && UNFILLED_PLACEHOLDER.test(value)) unfilled.set(key, value);
    else given[key] = value;
  }
  return { given, unfilled };
}

/**
 * Same action, `id` and `time` is the same alert (an EXIT sharing an ENTRY's id and time is another
 * alert); without both id and time, the same body is. The parts are JSON-quoted so no id can pass for
 * another id and time.
 */
export function dedupeKeyOf(channel: string, action: string, id: string | undefined, time: string | undefined, body: string, bodyHash?: string): string {
  if (id && time) return `${channel}|id|${JSON.stringify([action, id, time])}`;
  return `${channel}|body|${(bodyHash ?? createHash('sha256').update(body).digest('hex')).slice(0, 32)}`;
}

/** First `__proto__`/`constructor`/`prototype` key anywhere in a parsed JSON value, as a dotted path. */
export function findForbiddenKey(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], here);
    if (found) return found;
  }
  return undefined;
}
