/**
 * The backtest answers under the editor's names: the server's own contracts (contracts/backtests.ts), which
 * its tests hold every answer to, so nothing here is declared twice.
 */
import type { z } from 'zod';
import { backtestJob, backtestJobList, type backtestRequest } from '../../../../contracts/backtests.ts';

export const backtestJobSchema = backtestJob;
export type BacktestJob = z.output<typeof backtestJobSchema>;
export const backtestJobListSchema = backtestJobList;
export type BacktestJobSummary = z.output<typeof backtestJobListSchema>[number];
export type BacktestStatus = BacktestJobSummary['status'];
export type BacktestResult = NonNullable<BacktestJob['result']>;
export type BacktestSummary = BacktestResult['summary'];
export type BacktestTrade = BacktestResult['trades'][number];
export type BacktestDay = BacktestResult['days'][number];
/** What the Run button sends (`POST /api/backtests`). */
export type NewBacktest = z.input<typeof backtestRequest>;

/** A job still to end: queued or running. */
export const isActive = (status: BacktestStatus) => status === 'queued' || status === 'running';
