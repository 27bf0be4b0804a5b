/**
 * TradingView and Python sources differ only in the signal source they listen to, so one builder makes
 * both: a channel, an optional action filter, and the signal passed on unchanged.
 */
import { z } from 'zod';
import type { SignalSource } from '../../runtime/signal-shape.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { actionWord, channelParam } from './params.ts';

export const SIGNAL_OUTPUT = [{ name: 'signal', kind: 'signal', label: 'Signal' }] as const;

interface ChannelSourceSpec {
  type: string;
  source: SignalSource;
  title: string;
  description: string;
  channelDescription: string;
}

export function defineChannelSource(spec: ChannelSourceSpec) {
  return defineNode({
    type: spec.type,
    version: 1,
    category: 'source',
    title: spec.title,
    description: spec.description,
    inputs: [],
    outputs: SIGNAL_OUTPUT,
    params: z.object({
      channel: channelParam('my-strategy', spec.channelDescription),
      actions: z.array(actionWord).max(20).default([]).describe('Only these actions start the strategy (e.g. ENTRY, EXIT); leave empty to accept every action'),
    }),
    trigger: {
      source: spec.source,
      channel: (p) => p.channel,
      matches: (signal, p) =>
        signal.source === spec.source && signal.channel === p.channel && (p.actions.length === 0 || p.actions.some((a) => a.toUpperCase() === signal.action)),
    },
    summary: (p) => `Channel ${p.channel} · ${p.actions.length === 0 ? 'all actions' : p.actions.map((a) => a.toUpperCase()).join(', ')}`,
    run: (_ctx, input) => ({ signal: input }),
  });
}
