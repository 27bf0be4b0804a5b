import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { backtestJob, backtestJobSummary, BacktestJobResult, StoredBacktestRequest } from '../../contracts/backtests.ts';
import type { BacktestsTable, Database } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { JobError } from './backtest-work.ts';

/** Backtests a user may have queued or running at once: past it, 429. */
export const MAX_ACTIVE_PER_USER = 2;
/** Jobs kept per user: past it, the oldest finished ones are deleted as a new one is made. */
export const KEPT_PER_USER = 50;

export const ACTIVE_STATUSES = ['queued', 'running'] as const;

/** A row without its result: what lists read. */
export type JobRow = Omit<BacktestsTable, 'result'>;

/**
 * Stores a new job (queued) in one transaction with the check of the user's active jobs (429 past
 * MAX_ACTIVE_PER_USER, so two requests at once cannot both pass it), then deletes the user's oldest finished
 * jobs past KEPT_PER_USER.
 */
export async function insertJob(db: Kysely<Database>, row: BacktestsTable): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const mine = trx.selectFrom('backtests').where('userId', '=', row.userId);
    const active = await mine.select('id').where('status', 'in', ACTIVE_STATUSES).execute();
    if (active.length >= MAX_ACTIVE_PER_USER) {
      throw new ApiError(
        429,
        'too_many_backtests',
        `You have ${active.length} backtests queued or running, the most at once: wait for one to finish, or cancel one.`,
        { limit: MAX_ACTIVE_PER_USER, active: active.map((a) => a.id) },
      );
    }
    await trx.insertInto('backtests').values(row).execute();
    const { total } = await mine.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const excess = Number(total) - KEPT_PER_USER;
    if (excess <= 0) return;
    const oldest = await mine.select('id').where('status', 'not in', ACTIVE_STATUSES).orderBy('createdAt').orderBy('id').limit(excess).execute();
    const ids = oldest.map((o) => o.id);
    if (ids.length > 0) await trx.deleteFrom('backtests').where('id', 'in', ids).execute();
  });
}

/** A job as lists show it. */
export function jobSummary(row: JobRow): z.output<typeof backtestJobSummary> {
  return {
    id: row.id,
    status: row.status,
    request: JSON.parse(row.request) as StoredBacktestRequest,
    progress: { day: row.progressDay, days: row.progressDays },
    error: row.error === null ? null : (JSON.parse(row.error) as JobError),
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** A job with its result (null until completed). */
export function jobWithResult(row: BacktestsTable): z.output<typeof backtestJob> {
  return { ...jobSummary(row), result: row.result === null ? null : (JSON.parse(row.result) as BacktestJobResult) };
}
