import type { Kysely } from 'kysely';
import { forwardOnly } from './forward-only.ts';

/**
 * When the administrator disabled a user (epoch ms), or null for an active user. A disabled user cannot
 * sign in; disabling also ends their sessions and revokes their API keys, so nothing else reads this column
 * on the hot path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
}

export const down = forwardOnly;
