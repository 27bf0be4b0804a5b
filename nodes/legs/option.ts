import { z } from 'zod';
import { defineNode } from '../define-node.ts';
import { appendLegs, resolveLegs } from '../shared/legs.ts';
import {
  expiryParam,
  formatExpiry,
  formatStrike,
  legNameParam,
  lotsParam,
  optionTypeParam,
  plural,
  sideParam,
  strikeParam,
  underlyingParam,
} from '../shared/params.ts';

/** Leg nodes append to the message's legs, so several of them in a row build one multi-leg entry. */
export const optionLeg = defineNode({
  type: 'legs.option',
  version: 1,
  category: 'legs',
  title: 'Option leg',
  description:
    'One option leg: index, call or put, buy or sell, lots, strike (ATM ± steps or by premium) and expiry. Resolved to a tradable contract when the signal arrives.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'legs', kind: 'legs', label: 'Legs' }],
  params: z.object({
    underlying: underlyingParam,
    optionType: optionTypeParam,
    side: sideParam('SELL', 'BUY the option, or SELL (write) it'),
    lots: lotsParam('Number of lots; quantity = lots × the index lot size (NIFTY: 65)'),
    strike: strikeParam,
    expiry: expiryParam,
    name: legNameParam,
  }),
  summary: (p) =>
    `${p.side} ${formatStrike(p.strike)} ${p.optionType} · ${plural(p.lots, 'lot')} · ${p.underlying}` +
    (p.expiry.kind === 'current-week' && p.expiry.onExpiryDay === 'trade' ? '' : ` · ${formatExpiry(p.expiry)}`),
  run: (ctx, input, p) => ({
    legs: appendLegs(input, resolveLegs(ctx, p.underlying, [{ ...p, key: p.name ?? '1' }])),
  }),
});
