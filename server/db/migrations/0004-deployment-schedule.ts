import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/** A deployment's schedule (days and IST hours it takes signals), as JSON text; null for always. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deployments').addColumn('schedule', 'text').execute();
}

export const down = forwardOnly;
