import { toRupees } from '../money.ts';
import { hasFilled } from './leg-state.ts';
import type { GroupLeg, GroupView, LegView, PositionGroup } from './types.ts';

function legView(leg: GroupLeg): LegView {
  return {
    id: leg.id,
    symbol: leg.symbol,
    side: leg.side,
    lots: leg.lots,
    qty: leg.qty,
    status: leg.status,
    entryPrice: hasFilled(leg.status) ? toRupees(leg.entryPaise) : null,
    stopPrice: leg.stopPaise === null ? null : toRupees(leg.stopPaise),
    targetPrice: leg.targetPaise === null ? null : toRupees(leg.targetPaise),
    exitPrice: leg.exitPaise === null ? null : toRupees(leg.exitPaise),
    exitReason: leg.exitReason,
    realisedPnl: toRupees(leg.realisedPaise),
    waitingFor: leg.waitTriggerPaise === null ? null : toRupees(leg.waitTriggerPaise),
    charges: toRupees(leg.chargesPaise),
    netPnl: toRupees(leg.realisedPaise - leg.chargesPaise),
    awaitingReturn: leg.awaitingReturn,
    partialExits: leg.partialExits.map((p) => ({ lots: p.qty / leg.leg.lotSize, qty: p.qty, price: toRupees(p.pricePaise), reason: p.reason, time: p.time })),
  };
}

/** A group as callers see it: rupees, no internals (see GroupView). */
export function groupView(group: PositionGroup): GroupView {
  let charges = 0;
  for (const leg of group.legs) charges += leg.chargesPaise;
  return {
    id: group.id,
    tag: group.tag,
    deploymentId: group.deploymentId,
    accountId: group.accountId,
    mode: group.mode,
    status: group.status,
    createdAt: group.createdAt,
    closedAt: group.closedAt,
    realisedPnl: toRupees(group.realisedPaise),
    charges: toRupees(charges),
    netPnl: toRupees(group.realisedPaise - charges),
    legs: group.legs.map(legView),
  };
}
