import type { Logger } from 'pino';
import type { Emitter } from '../../runtime/broker/emitter.ts';
import type { Kernel } from '../../runtime/kernel/kernel.ts';
import type { TradingRecords } from '../storage/storage.ts';
import type { HostEvent } from './event-publisher.ts';
import type { RunningDeployments } from './running.ts';

export interface KillSwitchDeps {
  running: RunningDeployments;
  /** Stops the deployment taking signals (EngineHost.stop). */
  stop: (deploymentId: string) => void;
  store: TradingRecords;
  events: Emitter<HostEvent>;
  log: Logger;
}

/**
 * At the kernel's `position:risk` point: the daily loss limit was reached, the monitor is exiting everything
 * the deployment holds; the deployment stops taking signals, and stays stopped after a restart until its
 * owner starts it again.
 */
export function installKillSwitch(kernel: Kernel, deps: KillSwitchDeps): void {
  kernel.hooks.on('position:risk', (event) => {
    if (event.type !== 'daily_loss_hit') return;
    const { deploymentId, pnl } = event;
    const d = deps.running.get(deploymentId);
    if (!d) return;
    deps.stop(deploymentId);
    deps.store.saveDeploymentStatus(deploymentId, 'stopped', Date.now());
    deps.log.warn({ deploymentId, pnl }, 'daily loss limit reached: deployment squared off and stopped');
    deps.events.emit({ type: 'deployment.stopped', userId: d.userId, data: { deploymentId, reason: 'daily loss limit', ...(pnl !== undefined && { pnl }) } });
  });
}
