import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/** An account's daily loss limit (its kill switch), in paise; null for none. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('max_daily_loss_paise', 'bigint').execute();
}

export const down = forwardOnly;
