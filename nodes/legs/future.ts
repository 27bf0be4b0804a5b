import { z } from 'zod';
import type { ExpiryRule } from '../../runtime/context.ts';
import { formatFutureSymbol } from '../../runtime/market/option-symbol.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { appendLegs } from '../shared/legs.ts';
import { legNameParam, lotsParam, plural, sideParam, underlyingParam } from '../shared/params.ts';

const params = z.object({
  underlying: underlyingParam.describe('Index the future is on: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY or SENSEX (any in your instrument file)'),
  side: sideParam('BUY', 'BUY (go long) or SELL (go short) the future'),
  lots: lotsParam('Number of lots; quantity = lots × the index lot size, the same as its options (NIFTY: 65)'),
  expiry: z
    .enum(['current-month', 'next-month'])
    .default('current-month')
    .describe('Which monthly future: this month’s (the near month) or next month’s; futures expire with the month’s options'),
  onExpiryDay: z
    .enum(['trade', 'roll'])
    .default('trade')
    .describe('On the near month’s expiry day: "trade" the contract expiring today, or "roll" to the following month'),
  name: legNameParam,
});

/**
 * An index future as a leg, so `exec.enter` places it beside option legs (a hedge) or alone. Its strike is
 * 0 and its type FUT; stops and targets in points work on its price as on a premium.
 */
export const futureLeg = defineNode({
  type: 'legs.future',
  version: 1,
  category: 'legs',
  title: 'Futures leg',
  description: 'An index future: buy or sell, lots, this month’s or next month’s contract. Use it alone or after option legs, for a hedge.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'legs', kind: 'legs', label: 'Legs' }],
  params,
  summary: (p) =>
    `${p.side} FUT · ${plural(p.lots, 'lot')} · ${p.underlying}` +
    (p.expiry === 'current-month' && p.onExpiryDay === 'trade'
      ? ''
      : ` · ${p.expiry.replace('-', ' ')}${p.onExpiryDay === 'roll' ? ' (roll on expiry day)' : ''}`),
  run: (ctx, input, p) => {
    const spec = ctx.instruments.get(p.underlying);
    const rule: ExpiryRule = { kind: p.expiry, ...(p.onExpiryDay === 'roll' && { roll: true }) };
    const expiry = ctx.instruments.resolveExpiry(p.underlying, rule, ctx.clock.now());
    const lotSize = ctx.instruments.lotSize(p.underlying, expiry);
    const leg = {
      id: `${ctx.nodeId}.${p.name ?? '1'}`,
      underlying: p.underlying,
      exchange: spec.exchange,
      optionType: 'FUT' as const,
      side: p.side,
      lots: p.lots,
      lotSize,
      qty: p.lots * lotSize,
      strike: 0,
      expiry,
      symbol: formatFutureSymbol(p.underlying, expiry),
    };
    return { legs: appendLegs(input, [leg]) };
  },
});
