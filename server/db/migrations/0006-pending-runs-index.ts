import { sql, type Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * Runs still to do (a restart resumes them) indexed on their own: a partial index holds only queued and
 * running rows, so finishing a run removes its entry instead of moving it, and the index stays as small as
 * the backlog instead of growing with every run ever made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('signal_runs_pending').execute();
  await db.schema
    .createIndex('signal_runs_pending')
    .on('signal_runs')
    .column('seq')
    .where(sql.ref('status'), 'in', [sql.lit('queued'), sql.lit('running')])
    .execute();
}

export const down = forwardOnly;
