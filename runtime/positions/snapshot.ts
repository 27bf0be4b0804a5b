import { z } from 'zod';
import type { PlacedOrder } from '../context.ts';
import type { Leg, RiskPolicy } from '../message.ts';
import { toRupees, type Paise } from '../money.ts';
import type { BrokerMode } from '../broker/types.ts';
import { isIsoDate } from '../market/data-file.ts';
import { newGroup, newGroupLeg, setLevels, setTrail, type SymbolTable } from './group.ts';
import { LEG_STATUSES, type ChaseState, type LegStatus, type PartialExit, type PositionGroup } from './types.ts';

/** One leg as saved: everything the manager keeps except the monitor's caches. Prices in integer paise. */
export interface LegSnapshot {
  /** The resolved leg as entered: id, symbol, side, lots, qty, and its stop and target definitions. */
  leg: Leg;
  status: LegStatus;
  entryClientOrderId: string;
  /** The entry order as last reported; id '' while it has not reached the broker. */
  entryOrder: PlacedOrder;
  entryPaise: Paise;
  stopPaise: Paise | null;
  targetPaise: Paise | null;
  /** How many times a trailing stop has moved (absent in documents older than trailing stops). */
  trailSteps?: number;
  /** The index at the entry fill, for underlying stops (absent in older documents and for other legs). */
  entrySpot?: number;
  /** Wait and trade: the premium at which the waiting entry goes out (absent when not waiting). */
  waitTriggerPaise?: Paise | null;
  exitWanted: string | null;
  exitAttempts: number;
  exitClientOrderId: string | null;
  exitPaise: Paise | null;
  exitReason: string | null;
  realisedPaise: Paise;
  /** Absent in documents older than the charges model. */
  chargesPaise?: Paise;
  /** Open units and lots after partial exits (absent in older documents: the leg's own). */
  qty?: number;
  lots?: number;
  /** The entry that placed the leg (absent in older documents: the group's). */
  entryKey?: string;
  /** Units of the exit in flight (absent in older documents: all of them). */
  exitQty?: number;
  chase?: ChaseState | null;
  partialExits?: PartialExit[];
  /** Absent in older documents: not watched. */
  awaitingReturn?: boolean;
}

/**
 * A position group as plain JSON, reported on every change (PositionManager.onGroupChange) and handed back
 * to PositionManager.restore after a restart. Parse stored ones with `groupSnapshotSchema`.
 */
export interface GroupSnapshot {
  /** The shape of this document; a new shape bumps it, and older documents are migrated when read. */
  version: 1;
  id: string;
  deploymentId: string;
  accountId: string;
  mode: BrokerMode;
  /** Entering the deployment again with this key returns this group and places nothing. */
  idempotencyKey: string;
  /** Absent in documents older than adding legs to an open group. */
  tag?: string | null;
  risk: RiskPolicy;
  status: 'open' | 'closed';
  createdAt: number;
  /** The IST date the group trades in (absent in older documents: the day of createdAt). */
  sessionDate?: string;
  closedAt: number | null;
  realisedPaise: Paise;
  exitRequested: boolean;
  /** Best MTM seen, paise (absent in documents older than MTM trailing). */
  peakMtmPaise?: number;
  legs: LegSnapshot[];
}

/** A deep copy, so that a listener keeping or changing the snapshot never touches the live group. */
export function snapshotOf(group: PositionGroup): GroupSnapshot {
  return {
    version: 1,
    id: group.id,
    tag: group.tag,
    deploymentId: group.deploymentId,
    accountId: group.accountId,
    mode: group.mode,
    idempotencyKey: group.idempotencyKey,
    risk: copyRisk(group.risk),
    status: group.status,
    createdAt: group.createdAt,
    sessionDate: group.sessionDate,
    closedAt: group.closedAt,
    realisedPaise: group.realisedPaise,
    exitRequested: group.exitRequested,
    peakMtmPaise: group.peakMtmPaise,
    legs: group.legs.map((leg) => ({
      leg: copyLeg(leg.leg),
      status: leg.status,
      entryClientOrderId: leg.entryClientOrderId,
      entryOrder: { ...leg.entryOrder },
      entryPaise: leg.entryPaise,
      stopPaise: leg.stopPaise,
      targetPaise: leg.targetPaise,
      trailSteps: leg.trailSteps,
      entrySpot: leg.entrySpot,
      waitTriggerPaise: leg.waitTriggerPaise,
      exitWanted: leg.exitWanted,
      exitAttempts: leg.exitAttempts,
      exitClientOrderId: leg.exitClientOrderId,
      exitPaise: leg.exitPaise,
      exitReason: leg.exitReason,
      realisedPaise: leg.realisedPaise,
      chargesPaise: leg.chargesPaise,
      qty: leg.qty,
      lots: leg.lots,
      entryKey: leg.entryKey,
      exitQty: leg.exitQty,
      chase: leg.chase === null ? null : { ...leg.chase },
      partialExits: leg.partialExits.map((p) => ({ ...p })),
      awaitingReturn: leg.awaitingReturn,
    })),
  };
}

/** A snapshot's P&L in rupees: realised (gross), the charges of its legs, and realised after charges. */
export function snapshotPnl(snapshot: GroupSnapshot): { realisedPnl: number; charges: number; netPnl: number } {
  let chargesPaise = 0;
  for (const leg of snapshot.legs) chargesPaise += leg.chargesPaise ?? 0;
  return { realisedPnl: toRupees(snapshot.realisedPaise), charges: toRupees(chargesPaise), netPnl: toRupees(snapshot.realisedPaise - chargesPaise) };
}

// Hand-written copies: structuredClone on every change tripled the cost of an entry.
function copyRisk(risk: RiskPolicy): RiskPolicy {
  const copy = { ...risk };
  if (risk.limits !== undefined) copy.limits = { ...risk.limits };
  if (risk.mtmTrail !== undefined) copy.mtmTrail = { ...risk.mtmTrail };
  if (risk.profitLock !== undefined) copy.profitLock = { ...risk.profitLock };
  return copy;
}

function copyLeg(leg: Leg): Leg {
  const copy = { ...leg };
  if (leg.stopLoss !== undefined) copy.stopLoss = { ...leg.stopLoss };
  if (leg.target !== undefined) copy.target = { ...leg.target };
  if (leg.trail !== undefined) copy.trail = { ...leg.trail };
  return copy;
}

/** The live group a snapshot describes, its caches rebuilt (symbol indexes from `symbols`). */
export function groupFromSnapshot(snapshot: GroupSnapshot, symbols: SymbolTable, tickPaise: Paise): PositionGroup {
  const { version: _version, legs, tag, ...fields } = snapshot;
  return newGroup({
    ...fields,
    tag: tag ?? null,
    risk: copyRisk(fields.risk),
    legs: legs.map(({ leg: resolved, entryClientOrderId, entryOrder, stopPaise, targetPaise, trailSteps, entryKey, chase, partialExits, ...state }) => {
      const leg = newGroupLeg(copyLeg(resolved), symbols.indexOf(resolved.symbol), entryClientOrderId, entryKey ?? snapshot.idempotencyKey);
      Object.assign(leg, state, {
        entryOrder: { ...entryOrder },
        chase: chase === undefined || chase === null ? null : { ...chase },
        partialExits: (partialExits ?? []).map((p) => ({ ...p })),
      });
      setLevels(leg, stopPaise, targetPaise);
      if (leg.status === 'open' || leg.status === 'exiting') setTrail(leg, tickPaise, trailSteps ?? 0);
      return leg;
    }),
  });
}

const paise = z.number().int();
const side = z.enum(['BUY', 'SELL']);
const level = z.object({ type: z.enum(['points', 'pct']), value: z.number() });

const legSchema = z.object({
  id: z.string(),
  underlying: z.string(),
  exchange: z.string(),
  optionType: z.enum(['CE', 'PE', 'FUT']),
  side,
  lots: z.number().int().positive(),
  lotSize: z.number().int().positive(),
  qty: z.number().int().positive(),
  strike: z.number(),
  expiry: z.string(),
  symbol: z.string(),
  stopLoss: level.optional(),
  target: level.optional(),
  trail: z.object({ type: z.enum(['points', 'pct']), every: z.number(), by: z.number() }).optional(),
  underlyingStop: z.number().optional(),
  underlyingTarget: z.number().optional(),
  stopToCostOnOtherStop: z.boolean().optional(),
  watchReturnAfterStop: z.boolean().optional(),
  waitMovePct: z.number().optional(),
});

const riskSchema = z.object({
  mtmStopLoss: z.number().optional(),
  mtmTarget: z.number().optional(),
  mtmTrail: z.object({ every: z.number(), by: z.number() }).optional(),
  profitLock: z.object({ reach: z.number(), lock: z.number(), trailEvery: z.number().optional(), trailBy: z.number().optional() }).optional(),
  limits: z
    .object({
      maxLotsPerOrder: z.number().optional(),
      maxOpenLots: z.number().optional(),
      maxOrdersPerSecond: z.number().optional(),
      maxDailyLoss: z.number().optional(),
    })
    .optional(),
  squareOffAt: z.string().optional(),
});

const placedOrderSchema = z.object({
  id: z.string(),
  legId: z.string(),
  symbol: z.string(),
  side,
  qty: z.number().int(),
  type: z.enum(['MARKET', 'LIMIT']),
  price: z.number().nullable(),
  status: z.enum(['OPEN', 'FILLED', 'REJECTED', 'CANCELLED', 'DRY_RUN']),
  fillPrice: z.number().optional(),
  message: z.string().optional(),
});

/** Parses a stored snapshot (the edge where saved JSON comes back in). */
export const groupSnapshotSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  deploymentId: z.string(),
  accountId: z.string(),
  mode: z.enum(['sim', 'live']),
  idempotencyKey: z.string(),
  tag: z.string().nullable().optional(),
  risk: riskSchema,
  status: z.enum(['open', 'closed']),
  createdAt: z.number(),
  sessionDate: z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"').optional(),
  closedAt: z.number().nullable(),
  realisedPaise: paise,
  exitRequested: z.boolean(),
  peakMtmPaise: paise.optional(),
  legs: z.array(
    z.object({
      leg: legSchema,
      status: z.enum(LEG_STATUSES),
      entryClientOrderId: z.string(),
      entryOrder: placedOrderSchema,
      entryPaise: paise,
      stopPaise: paise.nullable(),
      targetPaise: paise.nullable(),
      trailSteps: z.number().int().nonnegative().optional(),
      entrySpot: z.number().nonnegative().optional(),
      waitTriggerPaise: paise.nullable().optional(),
      exitWanted: z.string().nullable(),
      exitAttempts: z.number().int().nonnegative(),
      exitClientOrderId: z.string().nullable(),
      exitPaise: paise.nullable(),
      exitReason: z.string().nullable(),
      realisedPaise: paise,
      chargesPaise: paise.optional(),
      qty: z.number().int().positive().optional(),
      lots: z.number().int().positive().optional(),
      entryKey: z.string().optional(),
      exitQty: z.number().int().nonnegative().optional(),
      chase: z
        .object({
          everyMs: z.number(),
          maxModifications: z.number().int(),
          offsetTicks: z.number().int(),
          orderId: z.string(),
          limitPaise: paise,
          rounds: z.number().int().nonnegative(),
          nextAt: z.number(),
        })
        .nullable()
        .optional(),
      partialExits: z.array(z.object({ qty: z.number().int().positive(), pricePaise: paise, reason: z.string(), time: z.number() })).optional(),
      awaitingReturn: z.boolean().optional(),
    }),
  ),
}) satisfies z.ZodType<GroupSnapshot>;
