import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

export interface AuditEntry {
  userId: string | null;
  /** `area.verb`, e.g. `graph.publish`. */
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Records who changed what; takes a transaction too, so the entry commits with the change it describes. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry, now = Date.now()): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({ userId: entry.userId, action: entry.action, target: entry.target ?? null, details: JSON.stringify(entry.details ?? {}), at: now })
    .execute();
}
