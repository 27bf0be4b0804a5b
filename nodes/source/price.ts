import { z } from 'zod';
import { istParts } from '../../runtime/time.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { SIGNAL_OUTPUT } from '../shared/channel-source.ts';
import { actionParam, underlyingParam } from '../shared/params.ts';

const params = z.object({
  underlying: underlyingParam.describe('Index to watch: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY or SENSEX (any in your instrument file)'),
  level: z.number().positive('enter a level above 0').default(26000).describe('The index level, in points (e.g. 26200)'),
  direction: z
    .enum(['above', 'below', 'either'])
    .default('above')
    .describe('"above": fires when the index crosses the level going up (from below it to at or above it); "below": going down; "either": both'),
  action: actionParam('Action of the signal it sends, e.g. ENTRY'),
  repeat: z
    .enum(['once-a-day', 'every-cross', 'once'])
    .default('once-a-day')
    .describe(
      '"once-a-day": the first cross of each day only; "every-cross": every time the index crosses; "once": the first cross after the deployment starts',
    ),
});
type Params = z.output<typeof params>;

/**
 * The key of this move's firing, or undefined when it does not fire. A cross needs a reading on each side,
 * so a deployment started beyond the level waits for the index to come back and cross it.
 */
export function priceFires(p: Params, move: { previous: number; current: number; now: number; lastFiredAt: number | undefined }): string | undefined {
  const { previous, current, now, lastFiredAt } = move;
  const up = previous < p.level && current >= p.level;
  const down = previous > p.level && current <= p.level;
  if (!((up && p.direction !== 'below') || (down && p.direction !== 'above'))) return undefined;
  if (p.repeat === 'every-cross') return String(now);
  const today = istParts(now).date;
  if (p.repeat === 'once') return lastFiredAt === undefined ? 'once' : undefined;
  return lastFiredAt !== undefined && istParts(lastFiredAt).date === today ? undefined : today;
}

const ARROWS = { above: '↑', below: '↓', either: '↕' } as const;

/**
 * The runtime reads the index on every market step and sends a `price` signal carrying this node's id when
 * it crosses the level, so each price source fires on its own crosses only. A sample price signal without a
 * node id (a test run from the editor) reaches every price source, so the path after it can be tried.
 */
export const priceSource = defineNode({
  type: 'source.price',
  version: 1,
  category: 'source',
  title: 'Price cross',
  description: 'Starts the strategy when an index crosses a level: going up, going down, or either way; once a day, every time, or once.',
  inputs: [],
  outputs: SIGNAL_OUTPUT,
  params,
  trigger: {
    source: 'price',
    // A price signal naming no node is a sample (a test run, `legflow run`): it stands for any cross.
    matches: (signal, _p, nodeId) => signal.source === 'price' && (signal.data.nodeId === undefined || signal.data.nodeId === nodeId),
    watchPrice: { underlying: (p) => p.underlying, fires: priceFires },
  },
  summary: (p) => `${p.underlying} ${ARROWS[p.direction]} ${p.level.toLocaleString('en-IN')} · ${p.action.toUpperCase()} · ${p.repeat.replace(/-/g, ' ')}`,
  run: (_ctx, input) => ({ signal: input }),
});
