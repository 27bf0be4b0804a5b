/**
 * What `/ws` sends. An event carries a resource exactly as its REST route answers it (an order as in
 * `GET /api/orders`, a group as in `GET /api/positions?deploymentId=` without the market's LTP and greeks):
 * money in rupees, an order's times ISO. Ticks keep epoch ms, as the chart history they extend does.
 * (What `/ws/workers` sends and accepts is in contracts/workers.ts.)
 */
import { z } from 'zod';
import { backtestFinishedData, backtestProgressData } from './backtests.ts';
import { epochMs, errorBody, rupees } from './common.ts';
import { signalStatus } from './deployments.ts';
import { traceStep } from './graphs.ts';
import { order, positionGroup } from './trading.ts';

const event = <T extends string, D extends z.ZodType>(type: T, data: D) => z.strictObject({ type: z.literal(type), data });

export const signalReceivedEvent = event(
  'signal.received',
  z.strictObject({
    signalId: z.string(),
    source: z.string(),
    channel: z.string(),
    action: z.string(),
    status: signalStatus,
    deploymentIds: z.array(z.string()),
  }),
);
export const signalStatusEvent = event('signal.status', z.strictObject({ signalId: z.string(), status: signalStatus }));
export const runNodeEvent = event('run.node', z.strictObject({ signalId: z.string(), deploymentId: z.string(), step: traceStep }));
export const orderUpdatedEvent = event('order.updated', z.strictObject({ deploymentId: z.string().nullable(), order }));
export const positionUpdatedEvent = event(
  'position.updated',
  z.strictObject({ deploymentId: z.string(), group: positionGroup, realisedPnl: rupees, charges: rupees, netPnl: rupees }),
);
export const deploymentStoppedEvent = event('deployment.stopped', z.strictObject({ deploymentId: z.string(), reason: z.string(), pnl: rupees.optional() }));
export const tickEvent = event('tick', z.strictObject({ time: epochMs.describe("The SIM market's time"), spots: z.record(z.string(), z.number()) }));
/** A backtest job of yours played one more trading day; one event per day, in order. */
export const backtestProgressEvent = event('backtest.progress', backtestProgressData);
/** A backtest job of yours ended: completed (its result at `GET /api/backtests/:id`), failed or cancelled. */
export const backtestFinishedEvent = event('backtest.finished', backtestFinishedData);

/** Every engine event a subscriber may receive. */
export const serverEvent = z.discriminatedUnion('type', [
  signalReceivedEvent,
  signalStatusEvent,
  runNodeEvent,
  orderUpdatedEvent,
  positionUpdatedEvent,
  deploymentStoppedEvent,
  tickEvent,
  backtestProgressEvent,
  backtestFinishedEvent,
]);
export type ServerEvent = z.output<typeof serverEvent>;

export const TOPICS = ['signals', 'runs', 'orders', 'positions', 'deployments', 'ticks', 'backtests', 'deployment:<id>'] as const;

/** The connection's own frames: the greeting, subscription acknowledgements, pong and errors. */
export const controlFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('welcome'), user: z.string(), topics: z.array(z.string()) }),
  z.strictObject({ type: z.literal('subscribed'), topics: z.array(z.string()) }),
  z.strictObject({ type: z.literal('unsubscribed'), topics: z.array(z.string()) }),
  z.strictObject({ type: z.literal('pong') }),
  z.strictObject({ type: z.literal('error'), ...errorBody.shape }),
]);

/** Anything `/ws` sends. */
export const serverFrame = z.union([serverEvent, controlFrame]);
export type ServerFrame = z.output<typeof serverFrame>;
