import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * Each accepted modification of an order (a chased limit moved, a conversion to MARKET), oldest first, as
 * JSON `[{time, type, pricePaise}]`; null for an order never modified.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('modifications', 'text').execute();
}

export const down = forwardOnly;
