import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * Backtest jobs (server/backtests/): what was asked, how far it got, and the result once completed. A user's
 * jobs are listed newest first, so the index leads with the user and the creation time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backtests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('progress_day', 'integer', (c) => c.notNull())
    .addColumn('progress_days', 'integer', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('backtests_user_created').on('backtests').columns(['user_id', 'created_at']).execute();
}

export const down = forwardOnly;
