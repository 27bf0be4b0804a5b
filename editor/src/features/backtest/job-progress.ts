import type { z } from 'zod';
import type { backtestFinishedData, backtestProgressData } from '../../../../contracts/backtests.ts';
import { isActive, type BacktestJobSummary } from './backtest-schemas.ts';

export type ProgressEvent = z.output<typeof backtestProgressData>;
export type FinishedEvent = z.output<typeof backtestFinishedData>;

/**
 * A job (a draft in the cache) after `backtest.progress`: another of its days played. A queued job is
 * running once a day is played; a late or repeated event never moves the bar back, nor touches a job that ended.
 */
export function progressed(job: BacktestJobSummary, event: ProgressEvent): void {
  if (job.id !== event.backtestId || !isActive(job.status)) return;
  job.status = 'running';
  job.progress = { day: Math.max(job.progress.day, event.day), days: event.days };
}

/** A job after `backtest.finished`: its end and why (its result is fetched: the event does not carry it). */
export function finished(job: BacktestJobSummary, event: FinishedEvent): void {
  if (job.id !== event.backtestId || !isActive(job.status)) return;
  job.status = event.status;
  job.error = event.error;
  if (event.status === 'completed') job.progress = { ...job.progress, day: job.progress.days };
}

/** The bar's share, 0 to 1: a range of no trading day is done once the job ends. */
export function progressShare(job: Pick<BacktestJobSummary, 'status' | 'progress'>): number {
  if (job.progress.days === 0) return isActive(job.status) ? 0 : 1;
  return Math.min(1, job.progress.day / job.progress.days);
}
