import type { ChaseParams, EntryOrderType, ExitScope, GroupChoice, PlacedOrder } from '../context.ts';
import type { Leg, RiskPolicy, Side } from '../message.ts';
import type { Paise } from '../money.ts';
import type { BrokerMode, WhenClosed } from '../broker/types.ts';

export interface EnterArgs {
  deploymentId: string;
  /** The deployment's mode; the broker router refuses an account of the other mode. */
  mode: BrokerMode;
  accountId: string;
  /** Placed one order per leg in this order (the caller puts BUY legs first). */
  legs: readonly Leg[];
  risk: RiskPolicy;
  orderType: EntryOrderType;
  /** LIMIT only: percent from LTP, below for BUY and above for SELL; 0 places at LTP. */
  limitOffsetPct: number;
  /** CHASE only (required then): how the limit follows the market. */
  chase?: ChaseParams;
  /** A new group (default), or the legs join the deployment's latest open group. */
  group?: GroupChoice;
  /** A leg's exchange closed: refuse the entry (default), or queue its orders for the open (see entryOpensAt). */
  whenClosed?: WhenClosed;
  /** Entering again with the same key (a replayed signal) returns the first entry and places nothing. */
  idempotencyKey: string;
}

export type ExitArgs = ExitScope & { deploymentId: string; reason: string };

/**
 * pending: entry order resting (limit not yet filled) · open: filled, being monitored · exiting: exit order
 * sent, fill awaited · closed: exited · rejected / cancelled: the entry never filled. Which may follow
 * which, and the only functions that change it: leg-state.ts.
 */
export const LEG_STATUSES = ['pending', 'open', 'exiting', 'closed', 'rejected', 'cancelled'] as const;
export type LegStatus = (typeof LEG_STATUSES)[number];

/**
 * One leg of a position group, as the manager and the monitor keep it: prices in paise and the stop and
 * target precomputed as comparison keys so the monitor's hot loop is one multiply and two compares.
 */
export interface GroupLeg {
  readonly leg: Leg;
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  /** Open units: the entered quantity less what partial exits took. */
  qty: number;
  lots: number;
  /** The idempotency key of the entry that placed this leg (a leg added to an open group has its own). */
  readonly entryKey: string;
  /** +1 for BUY, −1 for SELL: the sign of the P&L of a price rise. */
  readonly dir: 1 | -1;
  /** Index in the manager's symbol table: the monitor caches one LTP per symbol per evaluation. */
  readonly symbolIndex: number;
  status: LegStatus;
  /** Fixed when the group is made, from the deployment, the idempotency key and the leg id. */
  readonly entryClientOrderId: string;
  /** The entry order as the deployment sees it; updated when the broker reports a fill. */
  entryOrder: PlacedOrder;
  entryPaise: Paise;
  stopPaise: Paise | null;
  targetPaise: Paise | null;
  /** dir × stop: hit when dir × LTP ≤ stopKey; −Infinity when there is no stop. */
  stopKey: number;
  /** dir × target: hit when dir × LTP ≥ targetKey; +Infinity when there is no target. */
  targetKey: number;
  /** Trailing: every this many paise of favourable move (+Infinity: no trail) … */
  trailEveryPaise: number;
  /** … the stop key rises by this many paise … */
  trailByPaise: number;
  /** … and it has done so this many times (stopKey = the stop key at entry + trailSteps × trailByPaise). */
  trailSteps: number;
  /** Wait and trade: the premium (paise) at which the waiting entry goes out; null when not waiting. */
  waitTriggerPaise: Paise | null;
  /** The index level when the entry filled (0 before): what underlying stops and targets are measured from. */
  entrySpot: number;
  /** When the entry filled (epoch ms; 0 before, and for a leg restored from a store): a bar that began before it is not judged whole. */
  openedAt: number;
  /** +1 when a rising index hurts the leg (sold call, bought put), −1 when a falling one does. */
  readonly underlyingDir: 1 | -1;
  /**
   * An exit asked for while the entry order had not gone out yet (or was on its way): the entry is then
   * not placed, or, if it fills, the leg is exited at once with this reason.
   */
  exitWanted: string | null;
  exitAttempts: number;
  exitClientOrderId: string | null;
  /** Units the exit order in flight closes (less than qty for a partial exit); 0 when none is. */
  exitQty: number;
  /** The entry or exit order being chased (limit-with-chase), or null. */
  chase: ChaseState | null;
  /** Partial exits that filled, oldest first. */
  partialExits: PartialExit[];
  /** Stopped out and watched until its premium returns to the entry price (re-entry at cost). */
  awaitingReturn: boolean;
  exitPaise: Paise | null;
  exitReason: string | null;
  realisedPaise: Paise;
  /** Charges of the leg's filled orders (entry and exit, or its settlement), paise. */
  chargesPaise: Paise;
  /** When its contract expires (15:30 IST on leg.expiry): from then on it is cash-settled (see ExpirySettler). */
  readonly expiryMs: number;
}

/** Limit-with-chase under way: the order, its limit now, and the rounds so far. */
export interface ChaseState extends ChaseParams {
  orderId: string;
  limitPaise: Paise;
  /** Re-pricing rounds done; after maxModifications the next round converts the order to MARKET. */
  rounds: number;
  /** Epoch ms at or after which the next round is due. */
  nextAt: number;
}

export interface PartialExit {
  qty: number;
  pricePaise: Paise;
  reason: string;
  time: number;
}

export interface PositionGroup {
  readonly id: string;
  /** A name the entry gave it, so a later entry can add legs to it; null when none. */
  readonly tag: string | null;
  readonly deploymentId: string;
  readonly mode: BrokerMode;
  readonly accountId: string;
  /** The key the group was entered with: entering again with it returns this group. */
  readonly idempotencyKey: string;
  readonly risk: RiskPolicy;
  readonly createdAt: number;
  readonly legs: GroupLeg[];
  status: 'open' | 'closed';
  closedAt: number | null;
  /** Realised P&L of the group's closed legs. */
  realisedPaise: Paise;
  /** The MTM at which the group exits, in paise (−mtmStopLoss, raised by a trail or a profit lock), or −Infinity. */
  mtmStopPaise: number;
  /** The best MTM seen while open, in paise (0 before any profit): what trails and locks are measured from. */
  peakMtmPaise: number;
  /** mtmTarget in paise, or +Infinity. */
  readonly mtmTargetPaise: number;
  /**
   * The IST date of the session the group trades in: the day it was entered, or for an entry queued while
   * the exchange was closed, the day of the open it waited for.
   */
  readonly sessionDate: string;
  /** Epoch ms of squareOffAt on the group's session date, or +Infinity. */
  readonly squareOffMs: number;
  /** A whole-group exit is under way: the monitor stops re-checking MTM and time until it fails. */
  exitRequested: boolean;
}

export type PositionEventType =
  | 'leg_stop_hit'
  | 'leg_target_hit'
  | 'mtm_stop_hit'
  | 'mtm_target_hit'
  | 'square_off'
  | 'daily_loss_hit'
  | 'group_exited'
  | 'leg_price_returned'
  /** The group held a contract to expiry: its expired legs were closed at their cash settlement value. */
  | 'expired';

/** What the monitor and the manager report; a `position` signal source turns these into re-entries. */
export interface PositionEvent {
  type: PositionEventType;
  deploymentId: string;
  groupId: string;
  legId?: string;
  symbol?: string;
  /** LTP that triggered a leg event, rupees. */
  price?: number;
  /**
   * Gross, before charges, rupees: the leg's P&L at that price (leg events), the group's MTM (MTM events and
   * square_off), the group's realised P&L (group_exited, expired, leg_price_returned: the leg's), or the day's
   * P&L of the deployment or account (daily_loss_hit).
   */
  pnl?: number;
  /** Charges paid so far by what `pnl` measures (the leg, or the group), rupees; absent for daily_loss_hit. */
  charges?: number;
  /** pnl − charges; absent where charges is. */
  netPnl?: number;
  time: number;
}

export type PositionListener = (event: PositionEvent) => void;

/** A leg as callers see it: rupees, no internals. */
export interface LegView {
  id: string;
  symbol: string;
  side: Side;
  lots: number;
  qty: number;
  status: LegStatus;
  entryPrice: number | null;
  stopPrice: number | null;
  targetPrice: number | null;
  exitPrice: number | null;
  exitReason: string | null;
  /** Gross: before charges. */
  realisedPnl: number;
  /** Wait and trade: the premium at which the entry will go out, while it waits; else null. */
  waitingFor: number | null;
  /** Charges of the leg's filled orders (and its settlement), rupees (0 without a charges model). */
  charges: number;
  /** realisedPnl − charges. */
  netPnl: number;
  /** Stopped out, and watched for its premium to return to the entry price. */
  awaitingReturn: boolean;
  /** Lots closed by partial exits, each at its fill price (rupees). */
  partialExits: Array<{ lots: number; qty: number; price: number; reason: string; time: number }>;
}

export interface GroupView {
  id: string;
  tag: string | null;
  deploymentId: string;
  accountId: string;
  mode: BrokerMode;
  status: 'open' | 'closed';
  createdAt: number;
  closedAt: number | null;
  /** Realised P&L of its legs, gross (before charges). */
  realisedPnl: number;
  /** Charges of its legs' filled orders and settlements. */
  charges: number;
  /** Realised P&L after charges: realisedPnl − charges. */
  netPnl: number;
  legs: LegView[];
}
