import type { Emitter } from '../../runtime/broker/emitter.ts';
import type { ErrorBody } from '../../contracts/common.ts';
import type { Kernel } from '../../runtime/kernel/kernel.ts';
import type { SyntheticMarket } from '../../runtime/market/synthetic-market.ts';
import type { Order } from '../../runtime/broker/types.ts';
import { snapshotPnl, type GroupSnapshot } from '../../runtime/positions/snapshot.ts';
import type { TraceStep } from '../../runtime/trace.ts';
import type { SignalStatus } from '../storage/storage.ts';
import type { TradingRecords } from '../storage/storage.ts';
import type { RunningDeployments } from './running.ts';

/** What the WebSocket pushes: every event belongs to one user and names its deployment where it has one. */
export type HostEvent =
  | {
      type: 'signal.received';
      userId: string;
      data: { signalId: string; source: string; channel: string; action: string; status: string; deploymentIds: string[] };
    }
  | { type: 'signal.status'; userId: string; data: { signalId: string; status: SignalStatus } }
  | { type: 'run.node'; userId: string; data: { signalId: string; deploymentId: string; step: TraceStep } }
  | { type: 'order.updated'; userId: string; data: { deploymentId: string | null; order: Order } }
  | { type: 'position.updated'; userId: string; data: { deploymentId: string; group: GroupSnapshot; realisedPnl: number; charges: number; netPnl: number } }
  | { type: 'deployment.stopped'; userId: string; data: { deploymentId: string; reason: string; pnl?: number } }
  | { type: 'tick'; userId: '*'; data: { time: number; spots: Record<string, number> } }
  | { type: 'backtest.progress'; userId: string; data: { backtestId: string; date: string; day: number; days: number } }
  | { type: 'backtest.finished'; userId: string; data: { backtestId: string; status: 'completed' | 'failed' | 'cancelled'; error: ErrorBody['error'] | null } };

/** Orders and position groups to their owners, at the kernel's `publish` points (after the store has them). */
export function publishKernel(kernel: Kernel, running: RunningDeployments, events: Emitter<HostEvent>): void {
  kernel.hooks.on('broker:publish', (event) => {
    if (event.type !== 'order') return;
    const userId = running.accountOwner(event.order.accountId);
    if (userId) events.emit({ type: 'order.updated', userId, data: { deploymentId: event.order.tag ?? null, order: event.order } });
  });
  kernel.hooks.on('group:publish', (group) => {
    // A stopped deployment's groups still change (a square-off, a restored exit): its owner hears of them.
    const userId = running.ownerOf(group.deploymentId, group.accountId);
    // The group as saved; the WebSocket shows it as REST does (server/ws/wire-events.ts), in rupees.
    if (userId) events.emit({ type: 'position.updated', userId, data: { deploymentId: group.deploymentId, group, ...snapshotPnl(group) } });
  });
}

/**
 * Once per `intervalMs`: every underlying's price to WebSocket subscribers of `ticks`, and the market's
 * levels to the store when they moved (a restart continues from them).
 */
export function startTickEvents(kernel: Kernel<SyntheticMarket>, events: Emitter<HostEvent>, store: TradingRecords, intervalMs: number): () => void {
  let savedVersion = -1;
  const timer = setInterval(() => {
    const spots = Object.fromEntries(kernel.instruments.underlyings().map((u) => [u, kernel.market.spot(u)]));
    events.emit({ type: 'tick', userId: '*', data: { time: kernel.market.time, spots } });
    if (kernel.market.version !== savedVersion) {
      savedVersion = kernel.market.version;
      store.saveLevels(spots, kernel.market.time);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
