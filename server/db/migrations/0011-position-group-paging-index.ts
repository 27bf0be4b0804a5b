import { sql, type Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * A deployment's saved position groups in the order the history API pages them (newest first: created_at,
 * then length(id), then id; see server/history-page.ts). With it a page reads just its rows from the index,
 * which also holds every column the page's query reads; without it every page sorted all of the
 * deployment's groups. `position_groups_deployment` (deployment_id, status) stays for the open groups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('position_groups_deployment_created')
    .on('position_groups')
    .columns(['deployment_id', 'created_at'])
    .expression(sql`length(id)`)
    .column('id')
    .execute();
}

export const down = forwardOnly;
