import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * The SIM market's time when a signal was accepted (epoch ms). `received_at` stays the wall clock (dedupe
 * windows, audit); charts place a signal on the market's time line, which a replayed or virtual SIM clock
 * moves apart from the wall clock. Null for signals journaled before this column existed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').addColumn('market_at', 'bigint').execute();
}

export const down = forwardOnly;
