import { istParts } from '../time.ts';
import type { Paise } from '../money.ts';
import type { ExitArgs, PositionGroup } from './types.ts';

/**
 * Where the manager keeps its groups: every group per deployment (its history), and the open ones both all
 * together (the monitor's work list) and per deployment (what entries, exits and limits look at, so a long
 * day's history costs nothing).
 */
export class GroupIndex {
  /** Open groups of every deployment, oldest first. */
  readonly open: PositionGroup[] = [];
  private readonly byDeployment = new Map<string, PositionGroup[]>();
  private readonly openByDeployment = new Map<string, PositionGroup[]>();
  /** Realised P&L of the groups closed on one IST day, per deployment and per account (the kill switches). */
  private readonly closedOnDay = new Map<string, Paise>();

  get isEmpty(): boolean {
    return this.byDeployment.size === 0;
  }

  add(group: PositionGroup): void {
    pushTo(this.byDeployment, group.deploymentId, group);
    if (group.status === 'closed') return this.countClosed(group);
    this.open.push(group);
    pushTo(this.openByDeployment, group.deploymentId, group);
  }

  /** The group was closed: it stays in its deployment's history only. */
  closed(group: PositionGroup): void {
    removeFrom(this.open, group);
    removeFrom(this.openByDeployment.get(group.deploymentId) ?? [], group);
    this.countClosed(group);
  }

  /** Realised P&L of the deployment's (or account's) groups closed on `date` (IST `YYYY-MM-DD`), paise. */
  dayRealised(scope: 'deployment' | 'account', id: string, date: string): Paise {
    return this.closedOnDay.get(dayKey(scope, id, date)) ?? 0;
  }

  private countClosed(group: PositionGroup): void {
    if (group.closedAt === null) return;
    const date = istParts(group.closedAt).date;
    for (const key of [dayKey('deployment', group.deploymentId, date), dayKey('account', group.accountId, date)]) {
      this.closedOnDay.set(key, (this.closedOnDay.get(key) ?? 0) + group.realisedPaise);
    }
  }

  history(deploymentId: string): readonly PositionGroup[] {
    return this.byDeployment.get(deploymentId) ?? [];
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

function dayKey(scope: 'deployment' | 'account', id: string, date: string): string {
  return `${scope}\u0000${id}\u0000${date}`;
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
