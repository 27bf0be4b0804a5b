import type { GroupView } from '../../runtime/positions/types.ts';
import type { TradingService } from '../engine/trading-service.ts';
import type { TradingRecords } from '../storage/storage.ts';
import { compareHistoryKeys, unknownCursor, type HistoryKey } from '../history-page.ts';

/**
 * A deployment's position groups older than `before` (a group id; the newest when undefined), newest first,
 * at most `count`. The engine holds the open groups and those closed lately, as they are this moment (the
 * store's copy may be a commit behind, or not written yet); the store holds every group, the ones the
 * engine has let go included. Both are asked, the engine's copy wins.
 */
export async function groupsNewestFirst(
  trading: TradingService,
  store: TradingRecords,
  deploymentId: string,
  before: string | undefined,
  count: number,
): Promise<GroupView[]> {
  const live = trading.groups(deploymentId);
  let cursor: HistoryKey | null = null;
  if (before !== undefined) {
    cursor = live.find((g) => g.id === before) ?? (await store.groupKey(deploymentId, before)) ?? null;
    if (cursor === null) throw unknownCursor(before, `position groups of deployment ${deploymentId}`);
  }
  const from = cursor;
  const liveById = new Map<string, GroupView>();
  for (const group of live) if (from === null || compareHistoryKeys(group, from) < 0) liveById.set(group.id, group);
  const keys = new Map<string, HistoryKey>();
  for (const key of await store.groupKeys(deploymentId, from, count)) keys.set(key.id, key);
  for (const group of liveById.values()) keys.set(group.id, group);
  const newest = [...keys.values()].sort((a, b) => compareHistoryKeys(b, a)).slice(0, count);
  const saved = new Map<string, GroupView>();
  for (const snapshot of await store.savedGroups(newest.filter((k) => !liveById.has(k.id)).map((k) => k.id))) saved.set(snapshot.id, trading.viewOf(snapshot));
  return newest.flatMap((k) => liveById.get(k.id) ?? saved.get(k.id) ?? []);
}
