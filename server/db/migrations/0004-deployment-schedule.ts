import type { Kysely } from 'kysely';

/** A deployment's schedule (days and IST hours it takes signals), as JSON text; null for always. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deployments').addColumn('schedule', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Legflow migrations are forward-only');
}
