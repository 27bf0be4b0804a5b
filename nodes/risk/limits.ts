import { z } from 'zod';
import type { RiskLimits } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { rupees } from '../shared/params.ts';

const lots = (description: string) => z.number().int().min(1).max(100_000).nullable().default(null).describe(description);

/** SEBI's retail algo framework: above 10 orders a second a strategy must be exchange-registered. */
const EXCHANGE_ORDERS_PER_SECOND = 10;

export const limitsRisk = defineNode({
  type: 'risk.limits',
  version: 1,
  category: 'risk',
  title: 'Order limits',
  description: 'Caps order size, open lots and order rate for the legs above it.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Legs' }],
  params: z.object({
    maxLotsPerOrder: lots('Largest single order in lots; an entry with a bigger leg is refused. Empty = no cap of your own'),
    maxOpenLots: lots('Most lots this deployment may hold open at once; an entry that would exceed it is refused. Empty = no cap'),
    maxOrdersPerSecond: z
      .number()
      .int()
      .min(1)
      .max(EXCHANGE_ORDERS_PER_SECOND, `at most ${EXCHANGE_ORDERS_PER_SECOND}: above that the exchange requires a registered algo`)
      .default(9)
      .describe('Orders sent per second at most; 9 keeps below the exchange threshold of 10 for unregistered algos'),
    maxDailyLoss: z
      .number()
      .positive()
      .max(1e9)
      .nullable()
      .default(null)
      .describe('Kill switch, in ₹: when the day’s loss (realised + open) reaches this, exit everything and stop the deployment. Empty = none'),
  }),
  summary: (p) =>
    [
      `≤ ${p.maxOrdersPerSecond} orders/s`,
      p.maxLotsPerOrder !== null && `≤ ${p.maxLotsPerOrder} lots per order`,
      p.maxOpenLots !== null && `≤ ${p.maxOpenLots} open lots`,
      p.maxDailyLoss !== null && `kill at −${rupees(p.maxDailyLoss)} a day`,
    ]
      .filter(Boolean)
      .join(' · '),
  /** Replaces any earlier limits node's values: the last limits node on the path states the limits. */
  run: (_ctx, input, p) => {
    const limits: RiskLimits = {
      maxOrdersPerSecond: p.maxOrdersPerSecond,
      ...(p.maxLotsPerOrder !== null && { maxLotsPerOrder: p.maxLotsPerOrder }),
      ...(p.maxOpenLots !== null && { maxOpenLots: p.maxOpenLots }),
      ...(p.maxDailyLoss !== null && { maxDailyLoss: p.maxDailyLoss }),
    };
    return { out: { ...input, risk: { ...input.risk, limits } } };
  },
});
