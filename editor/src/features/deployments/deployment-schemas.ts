/** Shapes of the deployment, account, signal, order and position answers, parsed where they enter. */
import { z } from 'zod';
import { signalAccepted } from '../../../../contracts/deployments.ts';
import { marketClock } from '../../../../contracts/market.ts';
import { graphSchema } from '../../api/schemas.ts';
import { WEEKDAYS, type Weekday } from '../../../../runtime/weekdays.ts';

export const modeSchema = z.enum(['sim', 'live']);
export type Mode = z.output<typeof modeSchema>;

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  mode: modeSchema,
  capital: z.number(),
  /** SIM accounts: the margin the open positions block and what is left for new ones (equity − used). */
  marginUsed: z.number().optional(),
  marginFree: z.number().optional(),
});
export type Account = z.output<typeof accountSchema>;
export const accountListSchema = z.array(accountSchema);

export const channelSchema = z.object({
  channel: z.string(),
  source: z.string(),
  url: z.string(),
  secret: z.string().optional(),
  alertMessage: z.string().optional(),
});
export type Channel = z.output<typeof channelSchema>;

/** When a deployment takes signals: weekdays and IST hours, exchange holidays skipped. */
export interface ScheduleInput {
  days: Weekday[];
  start: string;
  stop: string;
}

export const scheduleSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)),
  start: z.string(),
  stop: z.string(),
  exchange: z.string(),
  /** "Mon–Fri 09:20–15:00 IST (NSE trading days)" */
  description: z.string(),
  /** Whether it takes signals now. */
  open: z.boolean(),
  closedBecause: z.string().optional(),
});
export type DeploymentSchedule = z.output<typeof scheduleSchema>;

export const deploymentSchema = z.object({
  id: z.string(),
  graphId: z.string(),
  version: z.number(),
  mode: modeSchema,
  accountId: z.string(),
  multiplier: z.number(),
  status: z.enum(['running', 'stopped']),
  createdAt: z.number(),
  /** Absent from servers older than schedules; null for none. */
  schedule: scheduleSchema.nullish(),
  channels: z.array(channelSchema).optional(),
  /** Create and start answers: what the trader must know first (a holiday calendar that is provisional). */
  warnings: z.array(z.string()).optional(),
});
export type Deployment = z.output<typeof deploymentSchema>;
export const deploymentListSchema = z.array(deploymentSchema);

export const publishedVersionSchema = z.object({ version: z.number(), graph: graphSchema });

export const signalRowSchema = z.object({
  id: z.string(),
  source: z.string(),
  channel: z.string(),
  action: z.string(),
  status: z.string(),
  /** Wall clock. */
  receivedAt: z.string(),
  /** The SIM market's clock when it arrived: where the charts (market time) place it. */
  marketAt: z.string().optional(),
});
export type SignalRow = z.output<typeof signalRowSchema>;
export const signalListSchema = z.array(signalRowSchema);

/** An order as `GET /api/orders` lists it and `order.updated` carries it (the fields the live view shows). */
export const orderSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL']),
  qty: z.number(),
  type: z.string(),
  price: z.number().nullable(),
  status: z.string(),
  filledQty: z.number(),
  avgFillPrice: z.number().nullable(),
  rejectReason: z.string().nullish(),
  createdAt: z.string(),
});
export type Order = z.output<typeof orderSchema>;
export const orderListSchema = z.array(orderSchema);

export const legSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL']),
  lots: z.number(),
  qty: z.number(),
  status: z.string(),
  entryPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  targetPrice: z.number().nullable(),
  exitPrice: z.number().nullable(),
  realisedPnl: z.number(),
  ltp: z.number().nullable(),
});
export type Leg = z.output<typeof legSchema>;

export const groupSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.number(),
  realisedPnl: z.number(),
  charges: z.number(),
  netPnl: z.number(),
  legs: z.array(legSchema),
});
export type PositionGroup = z.output<typeof groupSchema>;
export const groupListSchema = z.array(groupSchema);

/** `GET /api/deployments/:id/history`: per-second samples as columns, oldest first, and the signals. */
export const historySchema = z.object({
  deploymentId: z.string(),
  underlying: z.string().nullable(),
  time: z.array(z.number()),
  spot: z.array(z.number()),
  premium: z.array(z.number().nullable()),
  mtm: z.array(z.number()),
  signals: signalListSchema,
});
export type DeploymentHistory = z.output<typeof historySchema>;

export const acceptedSchema = signalAccepted;

/** `GET /api/market/clock`: the SIM market's time and how its clock runs. */
export const marketClockSchema = marketClock;
export type MarketClock = z.output<typeof marketClockSchema>;
