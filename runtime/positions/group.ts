import type { PlacedOrder } from '../context.ts';
import type { Leg } from '../message.ts';
import { toRupees, type Paise } from '../money.ts';
import type { Order } from '../broker/types.ts';
import { levelPricePaise } from './levels.ts';
import type { GroupLeg, GroupView, LegStatus, LegView, PositionGroup } from './types.ts';

/** Interns symbols as small integers so the monitor can cache LTPs in an array instead of a map. */
export class SymbolTable {
  private readonly indexes = new Map<string, number>();
  private readonly names: string[] = [];

  indexOf(symbol: string): number {
    let index = this.indexes.get(symbol);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(symbol);
      this.indexes.set(symbol, index);
    }
    return index;
  }

  name(index: number): string {
    const name = this.names[index];
    if (name === undefined) throw new RangeError(`No symbol at index ${index}`);
    return name;
  }

  get size(): number {
    return this.names.length;
  }
}

/** Legs that still hold (or may still hold) a position. */
export function isActive(status: LegStatus): boolean {
  return status === 'pending' || status === 'open' || status === 'exiting';
}

export function newGroupLeg(leg: Leg, symbolIndex: number): GroupLeg {
  return {
    leg,
    id: leg.id,
    symbol: leg.symbol,
    side: leg.side,
    qty: leg.qty,
    lots: leg.lots,
    dir: leg.side === 'BUY' ? 1 : -1,
    symbolIndex,
    status: 'pending',
    entryOrder: { id: '', legId: leg.id, symbol: leg.symbol, side: leg.side, qty: leg.qty, type: 'MARKET', price: null, status: 'OPEN' },
    entryPaise: 0,
    stopPaise: null,
    targetPaise: null,
    stopKey: Number.NEGATIVE_INFINITY,
    targetKey: Number.POSITIVE_INFINITY,
    exitWanted: null,
    exitAttempts: 0,
    exitClientOrderId: null,
    exitPaise: null,
    exitReason: null,
    realisedPaise: 0,
  };
}

/** The entry filled: the leg opens, and its stop and target are fixed from the fill price. */
export function openLeg(leg: GroupLeg, entryPaise: Paise, tickPaise: Paise): void {
  leg.status = 'open';
  leg.entryPaise = entryPaise;
  leg.stopPaise = levelPricePaise(entryPaise, leg.side, leg.leg.stopLoss, 'stop', tickPaise);
  leg.targetPaise = levelPricePaise(entryPaise, leg.side, leg.leg.target, 'target', tickPaise);
  leg.stopKey = leg.stopPaise === null ? Number.NEGATIVE_INFINITY : leg.dir * leg.stopPaise;
  leg.targetKey = leg.targetPaise === null ? Number.POSITIVE_INFINITY : leg.dir * leg.targetPaise;
}

/** P&L of a filled leg at `pricePaise`. (`+ 0` turns the −0 of a SELL at its entry price into 0.) */
export function legPnlPaise(leg: GroupLeg, pricePaise: Paise): Paise {
  return (pricePaise - leg.entryPaise) * leg.qty * leg.dir + 0;
}

/** The exit filled: the leg closes and its P&L moves into the group's realised P&L. */
export function closeLeg(group: PositionGroup, leg: GroupLeg, exitPaise: Paise): void {
  leg.status = 'closed';
  leg.exitPaise = exitPaise;
  leg.realisedPaise = legPnlPaise(leg, exitPaise);
  group.realisedPaise += leg.realisedPaise;
}

/** A broker order in the shape the execution port reports. */
export function placedOrder(legId: string, order: Order): PlacedOrder {
  const placed: PlacedOrder = {
    id: order.id,
    legId,
    symbol: order.symbol,
    side: order.side,
    qty: order.qty,
    type: order.type,
    price: order.price,
    status: order.status,
  };
  if (order.avgFillPrice !== null) placed.fillPrice = order.avgFillPrice;
  if (order.rejectReason !== undefined) placed.message = order.rejectReason;
  return placed;
}

function legView(leg: GroupLeg): LegView {
  const filled = leg.status === 'open' || leg.status === 'exiting' || leg.status === 'closed';
  return {
    id: leg.id,
    symbol: leg.symbol,
    side: leg.side,
    lots: leg.lots,
    qty: leg.qty,
    status: leg.status,
    entryPrice: filled ? toRupees(leg.entryPaise) : null,
    stopPrice: leg.stopPaise === null ? null : toRupees(leg.stopPaise),
    targetPrice: leg.targetPaise === null ? null : toRupees(leg.targetPaise),
    exitPrice: leg.exitPaise === null ? null : toRupees(leg.exitPaise),
    exitReason: leg.exitReason,
    realisedPnl: toRupees(leg.realisedPaise),
  };
}

export function groupView(group: PositionGroup): GroupView {
  return {
    id: group.id,
    deploymentId: group.deploymentId,
    accountId: group.accountId,
    mode: group.mode,
    status: group.status,
    createdAt: group.createdAt,
    closedAt: group.closedAt,
    realisedPnl: toRupees(group.realisedPaise),
    legs: group.legs.map(legView),
  };
}
