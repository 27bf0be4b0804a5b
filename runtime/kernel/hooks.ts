import { Emitter } from '../broker/emitter.ts';
import type { BrokerEvent } from '../broker/types.ts';
import type { GroupSnapshot } from '../positions/snapshot.ts';
import type { PositionEvent } from '../positions/types.ts';

/**
 * The kernel's named hook points, in the order they run: whatever order handlers are added in, an event
 * reaches every handler of a point before any handler of the next (as Node-RED's message delivery hooks).
 *
 * - A broker event (order, fill, position) is persisted, then published, then the position manager hears
 *   it, once the broker call that reported it has returned (the kernel's outbox, outbox.ts). What is saved
 *   of the broker is never behind what is saved of the groups (saved the other way round, a crash could
 *   leave a group saying a leg filled at a broker with no such order); and a client hears of a fill before
 *   the group change it causes, in the order the store writes them.
 * - A group change (a plain JSON snapshot) is persisted, then published.
 * - A position event reaches the deployments (and the kernel's event list), then the risk handlers (the
 *   server's kill switch).
 */
export const HOOK_POINTS = {
  broker: ['broker:persist', 'broker:publish', 'broker:positions'],
  group: ['group:persist', 'group:publish'],
  position: ['position:deployments', 'position:risk'],
} as const;

interface FlowEvents {
  broker: BrokerEvent;
  group: GroupSnapshot;
  position: PositionEvent;
}
export type HookFlow = keyof typeof HOOK_POINTS;
export type HookPoint = (typeof HOOK_POINTS)[HookFlow][number];
type PointOf<F extends HookFlow> = (typeof HOOK_POINTS)[F][number];

/** Where a flow's events come from: subscribes `run`, once, when the flow gets its first handler. */
export type HookSources = { [F in HookFlow]: (run: (event: FlowEvents[F]) => void) => void };

/** One flow's points, each an Emitter: a handler that throws stops neither the others nor the next points. */
class HookChain<P extends string, E> {
  private readonly points: ReadonlyMap<P, Emitter<E>>;
  private connected = false;

  constructor(
    names: readonly P[],
    private readonly connect: (run: (event: E) => void) => void,
  ) {
    this.points = new Map(names.map((name) => [name, new Emitter<E>()]));
  }

  add(point: P, handler: (event: E) => void): () => void {
    const off = this.points.get(point)!.on(handler);
    // Lazily: a source may skip building events nobody hears (the manager's group snapshots).
    if (!this.connected) {
      this.connected = true;
      this.connect((event) => this.run(event));
    }
    return off;
  }

  run(event: E): void {
    for (const point of this.points.values()) point.emit(event);
  }
}

export class KernelHooks {
  private readonly broker: HookChain<PointOf<'broker'>, BrokerEvent>;
  private readonly group: HookChain<PointOf<'group'>, GroupSnapshot>;
  private readonly position: HookChain<PointOf<'position'>, PositionEvent>;

  constructor(sources: HookSources) {
    this.broker = new HookChain(HOOK_POINTS.broker, sources.broker);
    this.group = new HookChain(HOOK_POINTS.group, sources.group);
    this.position = new HookChain(HOOK_POINTS.position, sources.position);
  }

  /** Adds a handler at a named point; returns the function that removes it. */
  on(point: PointOf<'broker'>, handler: (event: BrokerEvent) => void): () => void;
  on(point: PointOf<'group'>, handler: (snapshot: GroupSnapshot) => void): () => void;
  on(point: PointOf<'position'>, handler: (event: PositionEvent) => void): () => void;
  on(point: HookPoint, handler: (event: never) => void): () => void {
    if (isPointOf('broker', point)) return this.broker.add(point, handler as (event: BrokerEvent) => void);
    if (isPointOf('group', point)) return this.group.add(point, handler as (snapshot: GroupSnapshot) => void);
    return this.position.add(point, handler as (event: PositionEvent) => void);
  }
}

function isPointOf<F extends HookFlow>(flow: F, point: HookPoint): point is PointOf<F> {
  return (HOOK_POINTS[flow] as readonly HookPoint[]).includes(point);
}
