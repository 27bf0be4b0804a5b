import { z } from 'zod';
import { defineNode } from '../../runtime/node-contract.ts';
import { appendLegs, resolveLegs } from '../shared/legs.ts';
import {
  atmBasisParam,
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
    'One option leg: index, call or put, buy or sell, lots, strike (ATM ± steps, premium, delta or fixed) and expiry, optionally waiting for its premium to move first. Resolved to a tradable contract when the signal arrives.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'legs', kind: 'legs', label: 'Legs' }],
  params: z.object({
    underlying: underlyingParam,
    optionType: optionTypeParam,
    side: sideParam('SELL', 'BUY the option, or SELL (write) it'),
    lots: lotsParam('Number of lots; quantity = lots × the index lot size (NIFTY: 65)'),
    strike: strikeParam,
    atmBasis: atmBasisParam,
    expiry: expiryParam,
    name: legNameParam,
    waitMovePct: z
      .number()
      .min(-90)
      .max(200)
      .refine((v) => v !== 0, 'use a move other than 0, or leave it empty')
      .nullable()
      .default(null)
      .describe(
        'Wait and trade: place the leg only after its premium moves this many % from the signal (+10 = after a 10 % rise, −10 = after a 10 % fall); empty = at once',
      ),
  }),
  summary: (p) =>
    `${p.side} ${formatStrike(p.strike)} ${p.optionType} · ${plural(p.lots, 'lot')} · ${p.underlying}` +
    (p.expiry.kind === 'current-week' && p.expiry.onExpiryDay === 'trade' ? '' : ` · ${formatExpiry(p.expiry)}`) +
    (p.atmBasis === 'futures' ? ' · futures ATM' : '') +
    (p.waitMovePct === null ? '' : ` · wait ${p.waitMovePct > 0 ? '+' : ''}${p.waitMovePct}%`),
  run: (ctx, input, p) => {
    const legs = resolveLegs(ctx, p.underlying, [{ ...p, key: p.name ?? '1' }], p.atmBasis);
    return { legs: appendLegs(input, p.waitMovePct === null ? legs : legs.map((l) => ({ ...l, waitMovePct: p.waitMovePct! }))) };
  },
});
