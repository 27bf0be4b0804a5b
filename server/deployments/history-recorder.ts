import { toRupees } from '../../runtime/money.ts';
import type { Plan } from '../../runtime/plan.ts';
import type { GroupView, LegView } from '../../runtime/positions/types.ts';

/** Samples kept per deployment: an hour at one a second (the live view's charts keep as many). */
export const HISTORY_CAPACITY = 3_600;

/** What the recorder reads of the SIM world. */
export interface HistorySource {
  spot(underlying: string): number;
  ltp(symbol: string): number | undefined;
  /** The deployment's open groups, oldest first. */
  openGroups(deploymentId: string): readonly GroupView[];
  /** Realised P&L after charges of every group the deployment closed, paise. */
  closedNetPaise(deploymentId: string): number;
}

/** A deployment to sample: its id and the plan whose legs name its underlying. */
export interface SampledDeployment {
  id: string;
  plan: Plan;
}

/** A deployment's P&L figures at one moment (see DeploymentHistory.marks). */
export interface DeploymentMarks {
  /** Rupees: realised after charges of every group, plus the held legs at their LTPs. */
  mtm: number;
  /** Sum of the held legs' LTPs; null while no leg is held. */
  premium: number | null;
  heldLegs: number;
}

/** Samples as columns, oldest first; `premium` is null while no leg is held. */
export interface DeploymentHistorySamples {
  underlying: string;
  time: number[];
  spot: number[];
  premium: Array<number | null>;
  mtm: number[];
}

/** A fixed-size ring of samples: the newest `capacity`, in typed arrays (no garbage per sample). */
class SampleRing {
  private readonly time: Float64Array;
  private readonly spot: Float64Array;
  /** NaN for "nothing held". */
  private readonly premium: Float64Array;
  private readonly mtm: Float64Array;
  private next = 0;
  private size = 0;
  /** Samplings in a row that passed this deployment over (stopped, nothing held). */
  idle = 0;

  constructor(
    readonly underlying: string,
    private readonly capacity: number,
  ) {
    this.time = new Float64Array(capacity);
    this.spot = new Float64Array(capacity);
    this.premium = new Float64Array(capacity);
    this.mtm = new Float64Array(capacity);
  }

  get lastTime(): number {
    return this.size === 0 ? -Infinity : this.time[(this.next - 1 + this.capacity) % this.capacity]!;
  }

  push(time: number, spot: number, premium: number | null, mtm: number): void {
    const i = this.next;
    this.time[i] = time;
    this.spot[i] = spot;
    this.premium[i] = premium ?? Number.NaN;
    this.mtm[i] = mtm;
    this.next = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Samples at or after `since`, at most the newest `limit`. */
  read(since: number, limit: number): DeploymentHistorySamples {
    const out: DeploymentHistorySamples = { underlying: this.underlying, time: [], spot: [], premium: [], mtm: [] };
    const first = (this.next - this.size + this.capacity) % this.capacity;
    let from = 0;
    while (from < this.size && this.time[(first + from) % this.capacity]! < since) from++;
    from = Math.max(from, this.size - limit);
    for (let k = from; k < this.size; k++) {
      const i = (first + k) % this.capacity;
      const premium = this.premium[i]!;
      out.time.push(this.time[i]!);
      out.spot.push(this.spot[i]!);
      out.premium.push(Number.isNaN(premium) ? null : premium);
      out.mtm.push(this.mtm[i]!);
    }
    return out;
  }
}

const isHeld = (leg: LegView) => (leg.status === 'open' || leg.status === 'exiting') && leg.entryPrice !== null;
const round2 = (n: number) => Math.round(n * 100) / 100 || 0;

/**
 * The live view's charts from before it was opened: once per market tick, each deployment's underlying,
 * the combined premium of its held legs (sum of their LTPs) and its MTM (realised after charges plus the
 * held legs at their LTPs), as the view draws them from the positions answer. Bounded per deployment, and
 * a deployment passed over for `capacity` samplings in a row (stopped, holding nothing) is let go, so the
 * rings do not pile up with every deployment ever run.
 */
export class DeploymentHistory {
  private readonly rings = new Map<string, SampleRing>();

  constructor(
    private readonly source: HistorySource,
    private readonly deployments: () => Iterable<SampledDeployment>,
    private readonly capacity = HISTORY_CAPACITY,
  ) {}

  /**
   * Samples every running deployment, and every stopped one still holding legs (their MTM still moves).
   * A second sample at the same time is passed over.
   */
  sample(time: number): void {
    const seen = new Set<string>();
    for (const d of this.deployments()) {
      seen.add(d.id);
      this.sampleOne(d.id, this.rings.get(d.id) ?? this.ring(d.id, underlyingOf(d.plan)), time);
    }
    for (const [id, ring] of this.rings) {
      if (seen.has(id)) continue;
      if (this.source.openGroups(id).some((g) => g.legs.some(isHeld))) this.sampleOne(id, ring, time);
      else if (++ring.idle >= this.capacity) this.rings.delete(id);
    }
  }

  /** How many deployments have samples kept. */
  get size(): number {
    return this.rings.size;
  }

  /** The deployment's samples since `since` (epoch ms), or null when it has none yet. */
  read(deploymentId: string, since = 0, limit = this.capacity): DeploymentHistorySamples | null {
    return this.rings.get(deploymentId)?.read(since, limit) ?? null;
  }

  private ring(id: string, underlying: string): SampleRing {
    const ring = new SampleRing(underlying, this.capacity);
    this.rings.set(id, ring);
    return ring;
  }

  /**
   * The deployment's MTM over its whole life (every closed group's net, forgotten ones too, plus the open
   * groups at their LTPs), the combined premium of its held legs (null: none) and how many legs it holds,
   * now: what a sample records, and what the live view's latest point shows.
   */
  marks(id: string): DeploymentMarks {
    // Closed groups come summed by the manager: this costs the groups still open, not the whole history.
    let mtm = toRupees(this.source.closedNetPaise(id));
    let premium = 0;
    let heldLegs = 0;
    for (const group of this.source.openGroups(id)) {
      mtm += group.netPnl;
      for (const leg of group.legs) {
        if (!isHeld(leg)) continue;
        const ltp = this.source.ltp(leg.symbol) ?? leg.entryPrice!;
        mtm += (ltp - leg.entryPrice!) * leg.qty * (leg.side === 'SELL' ? -1 : 1);
        premium += ltp;
        heldLegs++;
      }
    }
    return { mtm: round2(mtm), premium: heldLegs > 0 ? round2(premium) : null, heldLegs };
  }

  private sampleOne(id: string, ring: SampleRing, time: number): void {
    ring.idle = 0;
    if (time <= ring.lastTime) return;
    const { mtm, premium } = this.marks(id);
    ring.push(time, this.source.spot(ring.underlying), premium, mtm);
  }
}

/** The underlying a graph trades: its first leg node's (as the live view picks it); NIFTY when none says. */
export function underlyingOf(plan: Plan): string {
  for (const node of plan.graph.nodes) {
    const underlying = (node.params as { underlying?: unknown } | undefined)?.underlying;
    if (typeof underlying === 'string') return underlying;
  }
  return 'NIFTY';
}
