import type { Signal } from '../../runtime/signal.ts';
import type { Storage } from '../storage/storage.ts';

/** Sources a trader's world sends; schedule, price and position signals are made again by the backtest's own kernel. */
const REPLAYED_SOURCES = ['tradingview', 'python', 'manual'] as const;

export interface JournaledSignals {
  /** In the order the deployment received them, each at the market time it was accepted. */
  signals: Signal[];
  /** Signals of the range left out as made by the engine itself (schedule, price, position). */
  engineMade: number;
}

/**
 * The signals a deployment really received, from the journal, for a backtest that replays them with the
 * graph changed. Each keeps its id, action and fields; its time is the market's clock when it was accepted
 * (the SIM clock for a replayed or virtual SIM, the wall clock live), so it lands where the deployment saw
 * it. Duplicates and conflicts were never runs and are not here; refused runs are (the changed graph may
 * take them).
 */
export async function journaledSignals(storage: Storage, deploymentId: string, range: { fromMs: number; toMs: number }): Promise<JournaledSignals> {
  const rows = await storage.db
    .selectFrom('signalRuns')
    .innerJoin('signals', 'signals.id', 'signalRuns.signalId')
    .select(['signals.signal', 'signals.source', 'signals.receivedAt', 'signals.marketAt', 'signalRuns.seq'])
    .where('signalRuns.deploymentId', '=', deploymentId)
    .orderBy('signalRuns.seq')
    .execute();
  const signals: Array<{ signal: Signal; at: number; seq: number }> = [];
  let engineMade = 0;
  for (const row of rows) {
    const at = row.marketAt ?? row.receivedAt;
    if (at < range.fromMs || at >= range.toMs) continue;
    if (!(REPLAYED_SOURCES as readonly string[]).includes(row.source)) {
      engineMade++;
      continue;
    }
    const signal = JSON.parse(row.signal) as Signal;
    signals.push({ signal: { ...signal, receivedAt: new Date(at).toISOString() }, at, seq: row.seq });
  }
  signals.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { signals: signals.map((s) => s.signal), engineMade };
}
