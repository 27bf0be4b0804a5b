/** Orders, position groups, net positions and accounts: in rupees, as REST answers and events carry them. */
import { z } from 'zod';
import { epochMs, isoTime, mode, rupees, side } from './common.ts';

export const orderStatus = z.enum(['OPEN', 'FILLED', 'REJECTED', 'CANCELLED']);
/** One accepted change of an open order: a chased limit moved (`price`), or converted to MARKET (null). */
export const orderModification = z.strictObject({ time: isoTime, type: z.enum(['MARKET', 'LIMIT']), price: rupees.nullable() });

/** An order as `GET /api/orders` lists it and `order.updated` carries it. */
export const order = z.strictObject({
  id: z.string(),
  clientOrderId: z.string(),
  accountId: z.string(),
  deploymentId: z.string().nullable(),
  symbol: z.string(),
  side,
  qty: z.number().int(),
  type: z.enum(['MARKET', 'LIMIT']),
  price: rupees.nullable().describe('Limit price; null for MARKET'),
  status: orderStatus,
  filledQty: z.number().int(),
  avgFillPrice: rupees.nullable(),
  rejectReason: z.string().nullable(),
  createdAt: isoTime,
  modifications: z.array(orderModification).describe('A chased limit’s moves and its conversion to MARKET, oldest first'),
});
export const orderList = z.array(order);

export const greeks = z.strictObject({ delta: z.number(), gamma: z.number(), theta: z.number(), vega: z.number() });

export const positionLeg = z.strictObject({
  id: z.string(),
  symbol: z.string(),
  side,
  lots: z.number().int(),
  qty: z.number().int(),
  status: z.enum(['pending', 'open', 'exiting', 'closed', 'rejected', 'cancelled']),
  entryPrice: rupees.nullable(),
  stopPrice: rupees.nullable(),
  targetPrice: rupees.nullable(),
  exitPrice: rupees.nullable(),
  exitReason: z.string().nullable(),
  realisedPnl: rupees.describe('Gross: before charges'),
  waitingFor: rupees.nullable().describe('Wait and trade: the premium at which the entry goes out, while it waits'),
  charges: rupees,
  netPnl: rupees.describe('realisedPnl − charges'),
  awaitingReturn: z.boolean(),
  partialExits: z.array(z.strictObject({ lots: z.number(), qty: z.number().int(), price: rupees, reason: z.string(), time: epochMs })),
});

/** A position group: the legs one entry opened. `position.updated` carries it as the change left it. */
export const positionGroup = z.strictObject({
  id: z.string(),
  tag: z.string().nullable(),
  deploymentId: z.string(),
  accountId: z.string(),
  mode,
  status: z.enum(['open', 'closed']),
  createdAt: epochMs,
  closedAt: epochMs.nullable(),
  realisedPnl: rupees.describe('Gross: before charges'),
  charges: rupees,
  netPnl: rupees.describe('realisedPnl − charges'),
  legs: z.array(positionLeg),
});

/** `GET /api/positions?deploymentId=`: each group with its legs' LTP and greeks now. */
export const positionGroupWithMarket = positionGroup.extend({
  greeks: greeks.nullable(),
  legs: z.array(positionLeg.extend({ ltp: rupees.nullable(), greeks: greeks.nullable() })),
});
export const positionGroupList = z.array(positionGroupWithMarket);

/** `GET /api/positions`: an account's net position in one symbol (negative `qty` is short). */
export const netPosition = z.strictObject({
  accountId: z.string(),
  symbol: z.string(),
  qty: z.number().int(),
  avgPrice: rupees,
  ltp: rupees,
  realisedPnl: rupees,
  unrealisedPnl: rupees,
  pnl: rupees,
  charges: rupees,
  netPnl: rupees,
});
export const netPositionList = z.array(netPosition);

/** `GET /api/positions/totals`: the MTM over every group of the deployment. */
export const positionTotals = z.strictObject({ deploymentId: z.string(), mtm: rupees, premium: rupees.nullable(), heldLegs: z.number().int() });

export const account = z.strictObject({
  id: z.string(),
  name: z.string(),
  mode,
  capital: rupees,
  maxDailyLoss: rupees.nullable(),
  // SIM accounts: money as the broker keeps it. P&L gross, charges apart, equity net.
  cash: rupees.optional(),
  realisedPnl: rupees.optional(),
  unrealisedPnl: rupees.optional(),
  charges: rupees.optional(),
  equity: rupees.optional(),
  marginUsed: rupees.optional(),
  marginFree: rupees.optional(),
});
export const accountList = z.array(account);
export const accountLimit = z.strictObject({ id: z.string(), maxDailyLoss: rupees.nullable() });
