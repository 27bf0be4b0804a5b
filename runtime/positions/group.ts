import type { PlacedOrder } from '../context.ts';
import type { Leg, RiskPolicy, Side } from '../message.ts';
import { roundToTickPaise, toPaise, toRupees, type Paise } from '../money.ts';
import { istParts, istToMs } from '../time.ts';
import type { Order, OrderRequest, OrderType } from '../broker/types.ts';
import type { GroupLeg, PositionGroup } from './types.ts';

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

/**
 * What a group is made of; the rest (its MTM levels and square-off time) is derived from the risk. Without a
 * session date the group trades on the IST day it was created.
 */
export type GroupFields = Omit<PositionGroup, 'mtmStopPaise' | 'mtmTargetPaise' | 'squareOffMs' | 'peakMtmPaise' | 'sessionDate'> & {
  peakMtmPaise?: number | undefined;
  sessionDate?: string | undefined;
};

export function newGroup(fields: GroupFields): PositionGroup {
  const { risk, createdAt } = fields;
  const sessionDate = fields.sessionDate ?? istParts(createdAt).date;
  // Spelled out, not spread: a spread copy gives the groups a shape that made the monitor's scan ~20× slower.
  return {
    id: fields.id,
    tag: fields.tag,
    deploymentId: fields.deploymentId,
    mode: fields.mode,
    accountId: fields.accountId,
    idempotencyKey: fields.idempotencyKey,
    risk,
    createdAt,
    legs: fields.legs,
    status: fields.status,
    closedAt: fields.closedAt,
    realisedPaise: fields.realisedPaise,
    exitRequested: fields.exitRequested,
    peakMtmPaise: fields.peakMtmPaise ?? 0,
    mtmStopPaise: mtmStopPaise(risk, fields.peakMtmPaise ?? 0),
    mtmTargetPaise: risk.mtmTarget === undefined ? Number.POSITIVE_INFINITY : toPaise(risk.mtmTarget),
    sessionDate,
    squareOffMs: risk.squareOffAt === undefined ? Number.POSITIVE_INFINITY : istToMs(sessionDate, risk.squareOffAt),
  };
}

/**
 * Where the group's MTM stop sits, in paise, given its best MTM so far: the stop-loss, raised by the trail
 * (every X of peak profit, Y up) and by the profit lock once the peak reached it; −Infinity for none.
 * Example: stop ₹3,000, trail 500 per 1,000, peak ₹2,600 → −3,000 + 2 × 500 = −₹2,000; with a lock of
 * ₹1,000 at ₹2,000, trailing 250 per 500 → 1,000 + 1 × 250 = ₹1,250, the higher of the two.
 */
export function mtmStopPaise(risk: RiskPolicy, peakPaise: number): number {
  let stop = risk.mtmStopLoss === undefined ? Number.NEGATIVE_INFINITY : -toPaise(risk.mtmStopLoss);
  if (risk.mtmTrail !== undefined && peakPaise > 0) stop += Math.floor(peakPaise / toPaise(risk.mtmTrail.every)) * toPaise(risk.mtmTrail.by);
  const lock = risk.profitLock;
  if (lock !== undefined && peakPaise >= toPaise(lock.reach)) {
    const steps = lock.trailEvery && lock.trailBy ? Math.floor((peakPaise - toPaise(lock.reach)) / toPaise(lock.trailEvery)) : 0;
    stop = Math.max(stop, toPaise(lock.lock) + steps * toPaise(lock.trailBy ?? 0));
  }
  return stop;
}

/** When NSE and BSE index contracts expire (IST, on the expiry day); the broker settles by its instrument file's time. */
const EXPIRY_TIME = '15:30';

export function newGroupLeg(leg: Leg, symbolIndex: number, entryClientOrderId: string, entryKey: string): GroupLeg {
  return {
    leg,
    id: leg.id,
    symbol: leg.symbol,
    side: leg.side,
    qty: leg.qty,
    lots: leg.lots,
    entryKey,
    dir: leg.side === 'BUY' ? 1 : -1,
    symbolIndex,
    status: 'pending',
    entryClientOrderId,
    entryOrder: { id: '', legId: leg.id, symbol: leg.symbol, side: leg.side, qty: leg.qty, type: 'MARKET', price: null, status: 'OPEN' },
    entryPaise: 0,
    stopPaise: null,
    targetPaise: null,
    stopKey: Number.NEGATIVE_INFINITY,
    targetKey: Number.POSITIVE_INFINITY,
    trailEveryPaise: Number.POSITIVE_INFINITY,
    trailByPaise: 0,
    trailSteps: 0,
    waitTriggerPaise: null,
    entrySpot: 0,
    openedAt: 0,
    // +1 when the leg loses as the index rises: a sold call or future, a bought put.
    underlyingDir: (leg.optionType === 'PE') === (leg.side === 'BUY') ? 1 : -1,
    exitWanted: null,
    exitAttempts: 0,
    exitClientOrderId: null,
    exitQty: 0,
    chase: null,
    partialExits: [],
    awaitingReturn: false,
    exitPaise: null,
    exitReason: null,
    realisedPaise: 0,
    chargesPaise: 0,
    expiryMs: istToMs(leg.expiry, EXPIRY_TIME),
  };
}

/**
 * The trail in paise from the entry price (a stop is needed to trail). `by` is rounded to the tick, at
 * least one tick, so that the stop stays on a price the exchange accepts.
 * Example: SELL at 120, trail 10 per 10 points: every 1,000 paise the premium falls, the stop falls 1,000.
 */
export function setTrail(leg: GroupLeg, tickPaise: Paise, steps: number): void {
  const trail = leg.leg.trail;
  if (trail === undefined || leg.stopPaise === null) return;
  const paise = (v: number) => (trail.type === 'points' ? toPaise(v) : Math.round((leg.entryPaise * v) / 100));
  leg.trailEveryPaise = Math.max(1, paise(trail.every));
  leg.trailByPaise = Math.max(tickPaise, roundToTickPaise(paise(trail.by), tickPaise));
  leg.trailSteps = steps;
}

/**
 * Moves a trailing stop as far as the favourable move `signed − dir × entry` allows (the caller checked
 * that it allows at least one more step). Returns true when the stop moved.
 */
export function trailStop(leg: GroupLeg, signedLtp: number): boolean {
  const steps = Math.floor((signedLtp - leg.dir * leg.entryPaise) / leg.trailEveryPaise);
  if (steps <= leg.trailSteps) return false;
  const stopKey = leg.stopKey + (steps - leg.trailSteps) * leg.trailByPaise;
  leg.trailSteps = steps;
  setLevels(leg, leg.dir * stopKey, leg.targetPaise);
  return true;
}

/** Sets a leg's stop and target (paise, null for none) and the comparison keys the monitor reads. */
export function setLevels(leg: GroupLeg, stopPaise: Paise | null, targetPaise: Paise | null): void {
  leg.stopPaise = stopPaise;
  leg.targetPaise = targetPaise;
  leg.stopKey = stopPaise === null ? Number.NEGATIVE_INFINITY : leg.dir * stopPaise;
  leg.targetKey = targetPaise === null ? Number.POSITIVE_INFINITY : leg.dir * targetPaise;
}

/**
 * P&L of a filled leg with its open units at `pricePaise`, plus what its partial exits realised.
 * (`+ 0` turns the −0 of a SELL at its entry price into 0.)
 */
export function legPnlPaise(leg: GroupLeg, pricePaise: Paise): Paise {
  return leg.realisedPaise + (pricePaise - leg.entryPaise) * leg.qty * leg.dir + 0;
}

/**
 * The entry order of a leg (`pricePaise` for a LIMIT), under the leg's own clientOrderId. Also notes type
 * and limit on the leg's entry order, which reports them before the broker has answered.
 */
export function entryRequest(group: PositionGroup, leg: GroupLeg, type: OrderType, pricePaise: Paise | undefined): OrderRequest {
  const req: OrderRequest = {
    clientOrderId: leg.entryClientOrderId,
    accountId: group.accountId,
    symbol: leg.symbol,
    side: leg.side,
    qty: leg.qty,
    type,
    tag: group.deploymentId,
  };
  if (type === 'LIMIT' && pricePaise !== undefined) req.price = toRupees(pricePaise);
  leg.entryOrder.type = type;
  if (type === 'LIMIT') leg.entryOrder.price = req.price ?? null;
  return req;
}

/** The side that closes the leg. */
export function exitSide(leg: GroupLeg): Side {
  return leg.side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * The next attempt at exiting a leg's `exitQty` units (at market, or a LIMIT at `pricePaise`); its
 * clientOrderId is noted on the leg.
 */
export function nextExitRequest(group: PositionGroup, leg: GroupLeg, pricePaise?: Paise): OrderRequest {
  leg.exitAttempts += 1;
  leg.exitClientOrderId = `${group.deploymentId}:${group.id}:${leg.id}:exit${leg.exitAttempts}`;
  const qty = leg.exitQty > 0 ? leg.exitQty : leg.qty;
  const req: OrderRequest = {
    clientOrderId: leg.exitClientOrderId,
    accountId: group.accountId,
    symbol: leg.symbol,
    side: exitSide(leg),
    qty,
    type: 'MARKET',
    tag: group.deploymentId,
  };
  if (pricePaise !== undefined) {
    req.type = 'LIMIT';
    req.price = toRupees(pricePaise);
  }
  return req;
}

/**
 * Whether a report of an order tells anything new: not the same report again (a broker pushes it and also
 * returns it), nor an OPEN that arrives late, after the order was seen to end.
 */
export function isNews(current: PlacedOrder, report: PlacedOrder): boolean {
  if (current.id === report.id && current.status !== 'OPEN' && report.status === 'OPEN') return false;
  const same = current.id === report.id && current.status === report.status && current.fillPrice === report.fillPrice;
  return !(same && current.price === report.price && current.type === report.type && current.message === report.message);
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
