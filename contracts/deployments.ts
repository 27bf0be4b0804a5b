/** Answers of the deployment routes and the signal journal. */
import { z } from 'zod';
import { epochMs, isoTime, mode } from './common.ts';
import { WEEKDAYS } from '../runtime/weekdays.ts';
import { runRecord } from './graphs.ts';

export const deploymentSchedule = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)),
  start: z.string().describe('HH:MM IST, inclusive'),
  stop: z.string().describe('HH:MM IST, exclusive'),
  exchange: z.string(),
  description: z.string().describe('"Mon–Fri 09:20–15:00 IST (NSE trading days)"'),
  open: z.boolean().describe('Whether it takes signals now'),
  closedBecause: z.string().optional(),
});

export const channel = z.strictObject({
  channel: z.string(),
  source: z.string(),
  url: z.string().describe('Where to send: the TradingView webhook URL, or the Python endpoint'),
  secret: z.string().optional(),
  alertMessage: z.string().optional(),
});

/** A deployment as `GET /api/deployments` lists it. */
export const deploymentSummary = z.strictObject({
  id: z.string(),
  graphId: z.string(),
  version: z.number().int(),
  mode,
  accountId: z.string(),
  multiplier: z.number().int(),
  status: z.enum(['running', 'stopped']),
  createdAt: epochMs,
  updatedAt: epochMs,
  schedule: deploymentSchedule.nullable(),
});
export const deploymentList = z.array(deploymentSummary);
/** One deployment with its channels; the create and start answers add `warnings` (a provisional holiday calendar). */
export const deployment = deploymentSummary.extend({ channels: z.array(channel), warnings: z.array(z.string()).optional() });

/** What a signal sent in became: `original` names the earlier signal a duplicate repeats. */
export const signalAccepted = z.strictObject({
  signalId: z.string(),
  status: z.enum(['accepted', 'ignored', 'duplicate', 'rejected']),
  original: z.string().optional(),
});
/** The signed Python endpoint's answer: `replayed` when an Idempotency-Key repeats an earlier send. */
export const signalSent = z.strictObject({ signalId: z.string(), status: z.string(), replayed: z.boolean().optional() });

export const signalStatus = z.enum(['accepted', 'running', 'completed', 'failed', 'rejected', 'ignored', 'duplicate']);
export const signalRow = z.strictObject({
  id: z.string(),
  source: z.string(),
  channel: z.string(),
  action: z.string(),
  status: signalStatus,
  receivedAt: isoTime.describe('Wall clock'),
  marketAt: isoTime.describe("The SIM market's clock when it arrived (the charts' time line)"),
});
export const signalList = z.array(signalRow);
export const signalDetail = signalRow.extend({
  signal: z.record(z.string(), z.unknown()).describe('The signal as normalised'),
  runs: z.array(
    z.strictObject({
      deploymentId: z.string(),
      status: z.string(),
      finishedAt: isoTime.nullable(),
      trace: runRecord.nullable(),
    }),
  ),
});

/** `GET /api/deployments/:id/history`: per-second samples as columns, oldest first, and the signals. */
export const deploymentHistory = z.strictObject({
  deploymentId: z.string(),
  underlying: z.string().nullable(),
  time: z.array(epochMs),
  spot: z.array(z.number()),
  premium: z.array(z.number().nullable()),
  mtm: z.array(z.number()),
  signals: signalList,
});
