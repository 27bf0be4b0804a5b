import type { GroupSnapshot } from '../positions/snapshot.ts';

/** A leg holds (or held) a position from its entry fill on. */
const FILLED = new Set(['open', 'exiting', 'closed']);

interface LegTimes {
  entryMs: number | undefined;
  exitMs: number | undefined;
}

/**
 * What a backtest keeps of its position groups, from the kernel's group flow: the latest snapshot of each
 * group, in the order the groups were made, and when each leg's entry filled and when it closed (the clock
 * at the snapshot that first showed it; on a virtual clock that is the fill's own time). Snapshots carry no
 * times of their own for these, so the log is the one place a trade's times come from.
 */
export class GroupLog {
  private readonly latest = new Map<string, GroupSnapshot>();
  private readonly times = new Map<string, LegTimes>();

  constructor(private readonly now: () => number) {}

  record(snapshot: GroupSnapshot): void {
    this.latest.set(snapshot.id, snapshot);
    for (const leg of snapshot.legs) {
      const key = legKey(snapshot.id, leg.leg.id);
      let times = this.times.get(key);
      if (times === undefined) this.times.set(key, (times = { entryMs: undefined, exitMs: undefined }));
      if (times.entryMs === undefined && FILLED.has(leg.status)) times.entryMs = this.now();
      if (times.exitMs === undefined && leg.status === 'closed') times.exitMs = this.now();
    }
  }

  groups(): GroupSnapshot[] {
    return [...this.latest.values()];
  }

  /** When the leg's entry filled and when it closed (undefined: not yet). */
  timesOf(groupId: string, legId: string): LegTimes {
    return this.times.get(legKey(groupId, legId)) ?? { entryMs: undefined, exitMs: undefined };
  }
}

function legKey(groupId: string, legId: string): string {
  return `${groupId}\u0000${legId}`;
}
