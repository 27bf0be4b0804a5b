import { z } from 'zod';
import type { Message } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';

const KEYS = ['dedupeKey', 'action', 'action+symbol'] as const;
type Key = (typeof KEYS)[number];

/** Kept as a list, not an object keyed by signal text, so no signal value can ever become an object key. */
type Hits = Array<{ key: string; times: number[] }>;
const STATE_KEY = 'hits';

function keyOf(msg: Message, key: Key): string {
  const { signal } = msg;
  if (key === 'dedupeKey') return signal.dedupeKey;
  if (key === 'action') return signal.action;
  return `${signal.action}|${signal.symbol ?? ''}`;
}

export const dedupeTransform = defineNode({
  type: 'transform.dedupe',
  version: 1,
  category: 'transform',
  title: 'Dedupe / throttle',
  description:
    'Lets at most N signals with the same key through in any rolling window; the rest leave by "dropped". Stops repeated alerts from doubling a position.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [
    { name: 'out', kind: 'same', label: 'Out' },
    { name: 'dropped', kind: 'same', label: 'Dropped' },
  ],
  params: z.object({
    windowSeconds: z.number().int().min(1).max(86_400).default(60).describe('Length of the rolling window in seconds'),
    key: z
      .enum(KEYS)
      .default('dedupeKey')
      .describe(
        'What counts as "the same" signal: "dedupeKey" = the same alert (same action, id and time, or same text); "action" = any signal with the same action; "action+symbol" = same action on the same symbol',
      ),
    maxPerWindow: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .describe('How many signals with the same key may pass within one window (1 = drop every repeat)'),
  }),
  summary: (p) => `${p.maxPerWindow} per ${p.windowSeconds} s by ${p.key}`,
  run: (ctx, input, p) => {
    const now = ctx.clock.now();
    const cutoff = now - p.windowSeconds * 1000;
    // Prune every key, not only this one, so state holds one window's worth of signals at most.
    const hits: Hits = (ctx.state.get<Hits>(STATE_KEY) ?? [])
      .map((h) => ({ key: h.key, times: h.times.filter((t) => t > cutoff) }))
      .filter((h) => h.times.length > 0);
    const key = keyOf(input, p.key);
    let entry = hits.find((h) => h.key === key);
    if (entry && entry.times.length >= p.maxPerWindow) {
      ctx.state.set(STATE_KEY, hits);
      return { dropped: input };
    }
    if (!entry) hits.push((entry = { key, times: [] }));
    entry.times.push(now);
    ctx.state.set(STATE_KEY, hits);
    return { out: input };
  },
});
