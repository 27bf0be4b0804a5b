import { z } from 'zod';
import { defineNode } from '../../runtime/node-contract.ts';
import { SIGNAL_OUTPUT } from '../shared/channel-source.ts';
import { actionParam, channelParam } from '../shared/params.ts';

/**
 * The editor's button sends a manual signal carrying this node's id, so it reaches exactly this node. A
 * manual signal without a node id (sent over the API or CLI) reaches every manual node on its channel.
 */
export const manualSource = defineNode({
  type: 'source.manual',
  version: 1,
  category: 'source',
  title: 'Manual trigger',
  description: 'A button in the editor and the live view that starts the strategy when you press it.',
  inputs: [],
  outputs: SIGNAL_OUTPUT,
  params: z.object({
    action: actionParam('Action the button sends, e.g. ENTRY to enter or EXIT to exit'),
    channel: channelParam('manual', 'Channel for manual signals sent from the API or the command line'),
  }),
  trigger: {
    source: 'manual',
    channel: (p) => p.channel,
    matches: (signal, p, nodeId) =>
      signal.source === 'manual' && (signal.data.nodeId === undefined ? signal.channel === p.channel : signal.data.nodeId === nodeId),
  },
  summary: (p) => `Button · ${p.action.toUpperCase()} · channel ${p.channel}`,
  run: (_ctx, input) => ({ signal: input }),
});
