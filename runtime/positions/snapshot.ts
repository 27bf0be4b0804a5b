import { z } from 'zod';
import type { PlacedOrder } from '../context.ts';
import { legSchema, riskPolicySchema, type Leg, type RiskPolicy } from '../message.ts';
import { toRupees, type Paise } from '../money.ts';
import type { BrokerMode } from '../broker/types.ts';
import { isIsoDate } from '../market/data-file.ts';
import { newGroup, newGroupLeg, setLevels, setTrail, type SymbolTable } from './group.ts';
import { LEG_STATUSES, type ChaseState, type PartialExit, type PositionGroup } from './types.ts';

const paise = z.number().int();
const side = z.enum(['BUY', 'SELL']);

const placedOrderSchema = z.object({
  id: z.string(),
  legId: z.string(),
  symbol: z.string(),
  side,
  qty: z.number().int(),
  type: z.enum(['MARKET', 'LIMIT']),
  price: z.number().nullable(),
  status: z.enum(['OPEN', 'FILLED', 'REJECTED', 'CANCELLED', 'DRY_RUN']),
  // Saved as JSON, where an absent field is never `undefined`: exactly optional, as PlacedOrder is.
  fillPrice: z.number().exactOptional(),
  message: z.string().exactOptional(),
}) satisfies z.ZodType<PlacedOrder>;

const chaseSchema = z.object({
  everyMs: z.number(),
  maxModifications: z.number().int(),
  offsetTicks: z.number().int(),
  orderId: z.string(),
  limitPaise: paise,
  rounds: z.number().int().nonnegative(),
  nextAt: z.number(),
}) satisfies z.ZodType<ChaseState>;

const partialExitSchema = z.object({
  qty: z.number().int().positive(),
  pricePaise: paise,
  reason: z.string(),
  time: z.number(),
}) satisfies z.ZodType<PartialExit>;

/** One leg as saved: everything the manager keeps except the monitor's caches. Prices in integer paise. */
const legSnapshotSchema = z.object({
  /** The resolved leg as entered: id, symbol, side, lots, qty, and its stop and target definitions. */
  leg: legSchema,
  status: z.enum(LEG_STATUSES),
  entryClientOrderId: z.string(),
  /** The entry order as last reported; id '' while it has not reached the broker. */
  entryOrder: placedOrderSchema,
  entryPaise: paise,
  stopPaise: paise.nullable(),
  targetPaise: paise.nullable(),
  /** How many times a trailing stop has moved (absent in documents older than trailing stops). */
  trailSteps: z.number().int().nonnegative().optional(),
  /** The index at the entry fill, for underlying stops (absent in older documents and for other legs). */
  entrySpot: z.number().nonnegative().optional(),
  /** Wait and trade: the premium at which the waiting entry goes out (absent when not waiting). */
  waitTriggerPaise: paise.nullable().optional(),
  exitWanted: z.string().nullable(),
  exitAttempts: z.number().int().nonnegative(),
  exitClientOrderId: z.string().nullable(),
  exitPaise: paise.nullable(),
  exitReason: z.string().nullable(),
  realisedPaise: paise,
  /** Absent in documents older than the charges model. */
  chargesPaise: paise.optional(),
  /** Open units and lots after partial exits (absent in older documents: the leg's own). */
  qty: z.number().int().positive().optional(),
  lots: z.number().int().positive().optional(),
  /** The entry that placed the leg (absent in older documents: the group's). */
  entryKey: z.string().optional(),
  /** Units of the exit in flight (absent in older documents: all of them). */
  exitQty: z.number().int().nonnegative().optional(),
  chase: chaseSchema.nullable().optional(),
  partialExits: z.array(partialExitSchema).optional(),
  /** Absent in older documents: not watched. */
  awaitingReturn: z.boolean().optional(),
});
export type LegSnapshot = z.output<typeof legSnapshotSchema>;

/**
 * A position group as plain JSON, reported on every change (PositionManager.onGroupChange) and handed back
 * to PositionManager.restore after a restart. The schema parses stored ones (the edge where saved JSON
 * comes back in).
 */
export const groupSnapshotSchema = z.object({
  /** The shape of this document; a new shape bumps it, and older documents are migrated when read. */
  version: z.literal(1),
  id: z.string(),
  deploymentId: z.string(),
  accountId: z.string(),
  mode: z.enum(['sim', 'live']) satisfies z.ZodType<BrokerMode>,
  /** Entering the deployment again with this key returns this group and places nothing. */
  idempotencyKey: z.string(),
  /** Absent in documents older than adding legs to an open group. */
  tag: z.string().nullable().optional(),
  risk: riskPolicySchema,
  status: z.enum(['open', 'closed']),
  createdAt: z.number(),
  /** The IST date the group trades in (absent in older documents: the day of createdAt). */
  sessionDate: z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"').optional(),
  closedAt: z.number().nullable(),
  realisedPaise: paise,
  exitRequested: z.boolean(),
  /** Best MTM seen, paise (absent in documents older than MTM trailing). */
  peakMtmPaise: paise.optional(),
  legs: z.array(legSnapshotSchema),
});
export type GroupSnapshot = z.output<typeof groupSnapshotSchema>;

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
