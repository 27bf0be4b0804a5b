import { istParts } from '../time.ts';
import type { Paise } from '../money.ts';
import { Retention } from '../retention.ts';
import type { ExitArgs, PositionGroup } from './types.ts';

/** IST days whose closed P&L is kept: today's (the kill switches read it) and the day before. */
const DAYS_KEPT = 2;

/**
 * Where the manager keeps its groups: the groups of each deployment (open, and closed within `keepClosedMs`:
 * its recent history), and the open ones both all together (the monitor's work list) and per deployment
 * (what entries, exits and limits look at, so a long day's history costs nothing).
 */
export class GroupIndex {
  /** Open groups of every deployment, oldest first. */
  readonly open: PositionGroup[] = [];
  private readonly byDeployment = new Map<string, PositionGroup[]>();
  private readonly openByDeployment = new Map<string, PositionGroup[]>();
  /** Per IST day, realised P&L of the groups closed that day, per deployment and per account (the kill switches). */
  private readonly closedOnDay = new Map<string, Map<string, Paise>>();
  /** Per deployment, realised P&L after charges of all its closed groups, forgotten ones included. */
  private readonly closedNet = new Map<string, Paise>();
  /** Closed groups, forgotten keepClosedMs after they closed. */
  private readonly finished: Retention<PositionGroup>;

  constructor(keepClosedMs?: number) {
    this.finished = new Retention(keepClosedMs);
  }

  get isEmpty(): boolean {
    return this.byDeployment.size === 0;
  }

  /** A new group, or a restored one at `now` (a closed one is kept keepClosedMs from then). */
  add(group: PositionGroup, now: number): void {
    pushTo(this.byDeployment, group.deploymentId, group);
    if (group.status === 'closed') {
      this.finished.add(group, now);
      return this.countClosed(group);
    }
    this.open.push(group);
    pushTo(this.openByDeployment, group.deploymentId, group);
  }

  /** The group was closed: it stays in its deployment's history until forgotten (see forgetDue). */
  closed(group: PositionGroup): void {
    removeFrom(this.open, group);
    removeFrom(this.openByDeployment.get(group.deploymentId) ?? [], group);
    this.countClosed(group);
    this.finished.add(group, group.closedAt ?? 0);
  }

  /**
   * Forgets the groups closed keepClosedMs before `now`, handing each to `forget`; a group with a stopped
   * leg still watched for a re-entry at cost is kept another keepClosedMs.
   */
  forgetDue(now: number, forget: (group: PositionGroup) => void): void {
    this.finished.forgetDue(now, (group) => {
      if (group.legs.some((l) => l.awaitingReturn)) return this.finished.add(group, now);
      const list = this.byDeployment.get(group.deploymentId) ?? [];
      removeFrom(list, group);
      if (list.length === 0) this.byDeployment.delete(group.deploymentId);
      forget(group);
    });
  }

  /** Realised P&L of the deployment's (or account's) groups closed on `date` (IST `YYYY-MM-DD`), paise. */
  dayRealised(scope: 'deployment' | 'account', id: string, date: string): Paise {
    return this.closedOnDay.get(date)?.get(dayKey(scope, id)) ?? 0;
  }

  /** Realised P&L after charges of every group the deployment closed, paise. */
  closedNetPaise(deploymentId: string): Paise {
    return this.closedNet.get(deploymentId) ?? 0;
  }

  private countClosed(group: PositionGroup): void {
    if (group.closedAt === null) return;
    let chargesPaise = 0;
    for (const leg of group.legs) chargesPaise += leg.chargesPaise;
    this.closedNet.set(group.deploymentId, (this.closedNet.get(group.deploymentId) ?? 0) + group.realisedPaise - chargesPaise);
    const date = istParts(group.closedAt).date;
    let day = this.closedOnDay.get(date);
    if (day === undefined) {
      day = new Map();
      this.closedOnDay.set(date, day);
      // Only the latest days are asked for: older ones go as a new one starts.
      while (this.closedOnDay.size > DAYS_KEPT) this.closedOnDay.delete([...this.closedOnDay.keys()].sort()[0]!);
      if (!this.closedOnDay.has(date)) return;
    }
    for (const key of [dayKey('deployment', group.deploymentId), dayKey('account', group.accountId)]) day.set(key, (day.get(key) ?? 0) + group.realisedPaise);
  }

  /** The deployment's groups in memory: open, and closed within keepClosedMs, oldest first. */
  history(deploymentId: string): readonly PositionGroup[] {
    return this.byDeployment.get(deploymentId) ?? [];
  }

  /** How many groups and days are kept, for monitoring (see PositionManager.retained). */
  sizes(): { groups: number; openGroups: number; closedDays: number; finishing: number } {
    let groups = 0;
    for (const list of this.byDeployment.values()) groups += list.length;
    return { groups, openGroups: this.open.length, closedDays: this.closedOnDay.size, finishing: this.finished.size };
  }

  openOf(deploymentId: string): readonly PositionGroup[] {
    return this.openByDeployment.get(deploymentId) ?? [];
  }

  /** The open groups an exit reaches, with the legs it names (null: all of them). */
  scope(args: ExitArgs): Array<{ group: PositionGroup; legIds: readonly string[] | null }> {
    const open = this.openOf(args.deploymentId);
    if (args.scope === 'deployment') return open.map((group) => ({ group, legIds: null }));
    if (args.scope === 'group') {
      const group = args.groupId === undefined ? open.at(-1) : open.find((g) => g.id === args.groupId);
      return group === undefined ? [] : [{ group, legIds: null }];
    }
    const { legId, groupId } = args;
    const candidates = groupId === undefined ? open : open.filter((g) => g.id === groupId);
    // Latest group first: "exit leg X" means the X most recently entered that is still held.
    // A leg placed in slices (`<id>#2` …, above the freeze quantity) is exited whole.
    const isLeg = (id: string) => id === legId || id.startsWith(`${legId}#`);
    const group = candidates.findLast((g) => g.legs.some((l) => isLeg(l.id) && (l.status === 'open' || l.status === 'pending')));
    return group === undefined ? [] : [{ group, legIds: group.legs.filter((l) => isLeg(l.id)).map((l) => l.id) }];
  }
}

function dayKey(scope: 'deployment' | 'account', id: string): string {
  return `${scope}\u0000${id}`;
}

function pushTo(map: Map<string, PositionGroup[]>, key: string, group: PositionGroup): void {
  const list = map.get(key);
  if (list) list.push(group);
  else map.set(key, [group]);
}

/** Groups usually close in the order they opened, so the search from the front is short. */
function removeFrom(list: PositionGroup[], group: PositionGroup): void {
  const index = list.indexOf(group);
  if (index >= 0) list.splice(index, 1);
}
