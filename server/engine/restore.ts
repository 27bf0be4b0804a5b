import { toRupees } from '../../runtime/money.ts';
import type { SimEngine } from '../../runtime/sim-engine.ts';
import type { AppContext } from '../context.ts';
import type { TradingRecords } from '../storage/storage.ts';
import type { DeploymentRow } from './running.ts';

export interface RestoreTarget {
  sim: SimEngine;
  store: TradingRecords;
  addAccount(id: string, userId: string, capitalRupees: number): void;
  start(row: DeploymentRow): void;
}

/**
 * At boot: SIM accounts into the broker, orders, fills and position groups back into the SIM world, and
 * the deployments that were running started again. Signals they had not finished are resumed separately.
 */
export async function restoreEngine(ctx: AppContext, host: RestoreTarget): Promise<void> {
  const { sim, store } = host;
  for (const a of await ctx.storage.db.selectFrom('accounts').selectAll().where('mode', '=', 'sim').execute()) {
    host.addAccount(a.id, a.userId, toRupees(a.capitalPaise));
    if (a.maxDailyLossPaise !== null) sim.positions.setAccountDailyLoss(a.id, toRupees(a.maxDailyLossPaise));
  }
  // Continue the SIM market from where it stood, so open positions keep their value across a restart.
  for (const [underlying, level] of Object.entries(await store.savedLevels())) {
    if (sim.instruments.has(underlying)) sim.market.setSpot(underlying, level);
  }
  await sim.restore(await store.load());
  const rows = await ctx.storage.db
    .selectFrom('deployments')
    .innerJoin('graphVersions', (j) => j.onRef('graphVersions.graphId', '=', 'deployments.graphId').onRef('graphVersions.version', '=', 'deployments.version'))
    .select([
      'deployments.id',
      'deployments.userId',
      'deployments.mode',
      'deployments.accountId',
      'deployments.multiplier',
      'deployments.schedule',
      'graphVersions.graph',
    ])
    .where('deployments.status', '=', 'running')
    .orderBy('deployments.createdAt')
    .execute();
  for (const row of rows) {
    try {
      host.start(row);
    } catch (err) {
      ctx.log.error({ err, deploymentId: row.id }, 'deployment could not be restarted');
    }
  }
}
