import { z } from 'zod';
import { defineNode } from '../../runtime/node-contract.ts';
import { SIGNAL_OUTPUT } from '../shared/channel-source.ts';

const POSITION_EVENTS = [
  'leg_stop_hit',
  'leg_target_hit',
  'group_exited',
  'mtm_stop_hit',
  'mtm_target_hit',
  'square_off',
  'daily_loss_hit',
  'leg_price_returned',
  'expired',
] as const;

/** Fields of a position event worth handing downstream (an exit or re-entry uses the group and leg ids). */
const EVENT_FIELDS = ['event', 'groupId', 'legId'] as const;

/**
 * Position events come from this deployment's own position monitor: the runtime feeds a deployment only
 * its own events, so matching needs only the event name.
 */
export const positionSource = defineNode({
  type: 'source.position',
  version: 1,
  category: 'source',
  title: 'Position event',
  description:
    'Starts the strategy when one of its own positions hits a stop or target, exits, is squared off, or is settled at expiry: use it to re-enter or roll over.',
  inputs: [],
  outputs: SIGNAL_OUTPUT,
  params: z.object({
    events: z
      .array(z.enum(POSITION_EVENTS))
      .min(1, 'pick at least one event')
      .default(['leg_stop_hit', 'leg_target_hit'])
      .describe(
        'Events that start the strategy: a leg stop or target hit, a group exited, the combined MTM stop or target hit, the square-off time, the daily loss limit, a stopped leg’s premium back at its entry price (set "watch for return" on the leg risk), or a group held to expiry and cash-settled (expired)',
      ),
  }),
  trigger: {
    source: 'position',
    matches: (signal, p) => signal.source === 'position' && p.events.some((e) => e === signal.data.event),
  },
  summary: (p) => `On ${p.events.map((e) => e.replaceAll('_', ' ')).join(', ')}`,
  run: (_ctx, input) => {
    const vars: Record<string, unknown> = { ...input.vars };
    for (const field of EVENT_FIELDS) {
      const value = input.signal.data[field];
      if (typeof value === 'string') vars[field] = value;
    }
    return { signal: { ...input, vars } };
  },
});
