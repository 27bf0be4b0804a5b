import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/** The SIM market's last index levels, so a restart continues from them instead of the reference levels. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('market_levels')
    .addColumn('underlying', 'text', (c) => c.primaryKey())
    .addColumn('level', 'double precision', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
}

export const down = forwardOnly;
