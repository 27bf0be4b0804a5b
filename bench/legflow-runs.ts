import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** What a Legflow server's journal says of its runs, read from its database file beside it. */
export interface RunCounts {
  completed: number;
  failed: number;
  /** Acknowledged and not finished. */
  pending: number;
}

function open(dataDir: string): BetterSqlite3.Database {
  return new BetterSqlite3(join(dataDir, 'legflow.db'), { readonly: true });
}

export function runCounts(dataDir: string): RunCounts {
  const d = open(dataDir);
  try {
    const count = (where: string) => (d.prepare(`SELECT COUNT(*) AS n FROM signal_runs WHERE ${where}`).get() as { n: number }).n;
    return {
      completed: count("status = 'completed'"),
      failed: count("status NOT IN ('completed', 'queued', 'running')"),
      pending: count("status IN ('queued', 'running')"),
    };
  } finally {
    d.close();
  }
}

/** Waits until every acknowledged run has finished; resolves with the counts then. */
export async function drained(dataDir: string): Promise<RunCounts> {
  for (;;) {
    const counts = runCounts(dataDir);
    if (counts.pending === 0) return counts;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Per ENTRY signal received since `since` (wall clock): its last entry order's fill time minus the
 * signal's arrival, in ms, both on the SIM market's clock (the replay clock is not the wall clock).
 */
export function arrivalToFill(dataDir: string, since: number): number[] {
  const d = open(dataDir);
  try {
    const signals = d.prepare("SELECT id, market_at FROM signals WHERE received_at >= ? AND action = 'ENTRY'").all(since) as Array<{
      id: string;
      market_at: number;
    }>;
    const arrivals = new Map(signals.map((r) => [r.id, r.market_at]));
    const from = Math.min(...arrivals.values());
    const filled = new Map<string, number>();
    for (const o of d.prepare("SELECT client_order_id, updated_at FROM orders WHERE status = 'FILLED' AND created_at >= ?").all(from) as Array<{
      client_order_id: string;
      updated_at: number;
    }>) {
      const signalId = o.client_order_id.split(':')[1] ?? '';
      if (arrivals.has(signalId)) filled.set(signalId, Math.max(filled.get(signalId) ?? 0, o.updated_at));
    }
    return [...filled].map(([id, at]) => at - arrivals.get(id)!);
  } finally {
    d.close();
  }
}
