import type { Deployment } from '../../runtime/deployment.ts';
import type { Plan } from '../../runtime/plan.ts';
import type { Schedule } from '../deployments/schedule.ts';

export interface RunningDeployment {
  id: string;
  userId: string;
  accountId: string;
  plan: Plan;
  runtime: Deployment;
  /** Days and IST hours it takes signals; null for always. */
  schedule: Schedule | null;
}

export interface DeploymentRow {
  id: string;
  userId: string;
  graph: string;
  mode: 'sim' | 'live';
  accountId: string;
  multiplier: number;
  /** The schedule as stored (JSON), or null/absent for always. */
  schedule?: string | null;
}

/** The deployments running in this server, and whose each account is (for events about its orders). */
export class RunningDeployments {
  private readonly byId = new Map<string, RunningDeployment>();
  private readonly accountOwners = new Map<string, string>();

  add(deployment: RunningDeployment): void {
    this.byId.set(deployment.id, deployment);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  get(id: string): RunningDeployment | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  values(): Iterable<RunningDeployment> {
    return this.byId.values();
  }

  /** Running deployments of this user whose graph listens on the signal's source and channel. */
  targets(userId: string, source: string, channel: string): string[] {
    const ids: string[] = [];
    for (const d of this.byId.values()) {
      if (d.userId === userId && d.plan.channels.some((c) => c.source === source && c.channel === channel)) ids.push(d.id);
    }
    return ids;
  }

  setAccountOwner(accountId: string, userId: string): void {
    this.accountOwners.set(accountId, userId);
  }

  accountOwner(accountId: string): string | undefined {
    return this.accountOwners.get(accountId);
  }

  /** Who hears of a deployment's change: its owner, or (a stopped deployment) the owner of its account. */
  ownerOf(deploymentId: string, accountId: string): string | undefined {
    return this.byId.get(deploymentId)?.userId ?? this.accountOwners.get(accountId);
  }
}
