import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * How many times a run has been started, counted at the starts that follow a stop (server/engine-host.ts
 * `resumePending`): a run the server stopped during is run again a bounded number of times, then recorded
 * failed, so that a run which stops the server cannot stop it at every start. 0 for a run never resumed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('signal_runs')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export const down = forwardOnly;
