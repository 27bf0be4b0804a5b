import type { PlacedOrder } from '../context.ts';
import { unreachable } from '../errors.ts';
import type { Paise } from '../money.ts';
import { setLevels, setTrail } from './group.ts';
import { levelPricePaise } from './levels.ts';
import type { ChaseState, GroupLeg, LegStatus, PositionGroup } from './types.ts';

/** What happens to a leg: each moves it from some statuses to one (see LEG_TRANSITIONS). */
export type LegEvent =
  'entry filled' | 'entry rejected' | 'entry cancelled' | 'exit started' | 'exit failed' | 'exit partly filled' | 'exit filled' | 'settled';

/**
 * The leg state machine: from each status, the events that may happen and the status each leads to. A leg
 * is made `pending`; its entry fills (open), is refused (rejected) or is cancelled; an open leg starts an
 * exit (exiting) or is cash-settled at expiry (closed); an exit fills (closed, or open with the rest after
 * a partial exit) or fails (open again). The functions below are the only ones that change a leg's status
 * and the fields that go with it; an event its status does not allow throws IllegalLegTransitionError.
 */
export const LEG_TRANSITIONS: Readonly<Record<LegStatus, Readonly<Partial<Record<LegEvent, LegStatus>>>>> = {
  pending: { 'entry filled': 'open', 'entry rejected': 'rejected', 'entry cancelled': 'cancelled' },
  open: { 'exit started': 'exiting', settled: 'closed' },
  exiting: { 'exit failed': 'open', 'exit partly filled': 'open', 'exit filled': 'closed' },
  closed: {},
  rejected: {},
  cancelled: {},
};

/** An event the leg's status does not allow: a programming error, never a broker's or a user's. */
export class IllegalLegTransitionError extends Error {
  constructor(
    readonly legId: string,
    readonly from: LegStatus,
    readonly event: LegEvent,
  ) {
    const allowed = Object.keys(LEG_TRANSITIONS[from]);
    super(
      `Leg ${legId} is ${from}: "${event}" cannot happen to it (${allowed.length === 0 ? 'nothing can, it is final' : `only ${allowed.map((e) => `"${e}"`).join(', ')} can`}).`,
    );
    this.name = 'IllegalLegTransitionError';
  }
}

/** The status `event` leads to from `from`, or undefined when it cannot happen then. */
export function nextStatus(from: LegStatus, event: LegEvent): LegStatus | undefined {
  return LEG_TRANSITIONS[from][event];
}

function transition(leg: GroupLeg, event: LegEvent): void {
  const to = nextStatus(leg.status, event);
  if (to === undefined) throw new IllegalLegTransitionError(leg.id, leg.status, event);
  leg.status = to;
}

/** Legs that still hold (or may still hold) a position. */
export function isActive(status: LegStatus): boolean {
  switch (status) {
    case 'pending':
    case 'open':
    case 'exiting':
      return true;
    case 'closed':
    case 'rejected':
    case 'cancelled':
      return false;
    default:
      return unreachable(status, 'leg status');
  }
}

/** Legs whose entry filled: their entry price is known. */
export function hasFilled(status: LegStatus): boolean {
  switch (status) {
    case 'open':
    case 'exiting':
    case 'closed':
      return true;
    case 'pending':
    case 'rejected':
    case 'cancelled':
      return false;
    default:
      return unreachable(status, 'leg status');
  }
}

/** Legs waiting for an order of theirs to fill: the entry (pending) or the exit (exiting). */
export function awaitsFill(status: LegStatus): boolean {
  switch (status) {
    case 'pending':
    case 'exiting':
      return true;
    case 'open':
    case 'closed':
    case 'rejected':
    case 'cancelled':
      return false;
    default:
      return unreachable(status, 'leg status');
  }
}

/** The entry filled: the leg opens, and its stop, target and trail are fixed from the fill price. */
export function fillEntry(leg: GroupLeg, entryPaise: Paise, tickPaise: Paise): void {
  transition(leg, 'entry filled');
  leg.entryPaise = entryPaise;
  setLevels(
    leg,
    levelPricePaise(entryPaise, leg.side, leg.leg.stopLoss, 'stop', tickPaise),
    levelPricePaise(entryPaise, leg.side, leg.leg.target, 'target', tickPaise),
  );
  setTrail(leg, tickPaise, 0);
}

/** The broker refused the entry (its report is on the leg already), or placing it failed (`failed`). */
export function rejectEntry(leg: GroupLeg, failed?: PlacedOrder): void {
  transition(leg, 'entry rejected');
  if (failed !== undefined) leg.entryOrder = failed;
}

/** The broker cancelled the resting entry (its report is on the leg already). */
export function cancelEntry(leg: GroupLeg): void {
  transition(leg, 'entry cancelled');
}

/** The leg's entry is not placed at all: it was exited before its order went out. */
export function cancelBeforePlacing(leg: GroupLeg, reason: string): void {
  transition(leg, 'entry cancelled');
  leg.entryOrder = { ...leg.entryOrder, status: 'CANCELLED', message: `Not placed: exited (${reason}) before its turn.` };
}

/** The leg's exit of `qty` units (all it holds, or part of it) is under way. */
export function startExit(leg: GroupLeg, reason: string, qty: number): void {
  transition(leg, 'exit started');
  leg.exitReason = reason;
  leg.exitQty = qty;
}

/** An exit failed (refused, cancelled, or lost in a restart): the leg is open again and may be exited again. */
export function abandonExit(leg: GroupLeg): void {
  transition(leg, 'exit failed');
  leg.exitReason = null;
  leg.exitQty = 0;
  leg.chase = null;
}

/**
 * The exit filled for `exitQty` units (all of them when 0): their P&L moves into the leg's and the group's
 * realised P&L. A partial exit leaves the leg open with the rest; a full one closes it.
 * Example: SELL 3 lots (195) at 120.05, 1 lot bought back at 100.00 → (120.05 − 100.00) × 65 = ₹1,303.25
 * realised; 2 lots (130) stay open at 120.05.
 */
export function fillExit(group: PositionGroup, leg: GroupLeg, exitPaise: Paise, time: number): void {
  const qty = leg.exitQty > 0 ? Math.min(leg.exitQty, leg.qty) : leg.qty;
  if (qty === leg.qty) {
    closeAt(group, leg, exitPaise, 'exit filled');
    return;
  }
  transition(leg, 'exit partly filled');
  realise(group, leg, exitPaise, qty);
  leg.partialExits.push({ qty, pricePaise: exitPaise, reason: leg.exitReason ?? '', time });
  leg.qty -= qty;
  leg.lots = leg.qty / leg.leg.lotSize;
  leg.exitReason = null;
}

/** The open leg's contract expired: all of it closes at the settlement value. */
export function settleLeg(group: PositionGroup, leg: GroupLeg, pricePaise: Paise, reason: string): void {
  closeAt(group, leg, pricePaise, 'settled');
  leg.exitReason = reason;
}

function closeAt(group: PositionGroup, leg: GroupLeg, exitPaise: Paise, event: 'exit filled' | 'settled'): void {
  transition(leg, event);
  realise(group, leg, exitPaise, leg.qty);
  leg.exitPaise = exitPaise;
}

/** `qty` units closed at `exitPaise`: their P&L is realised. (`+ 0` turns the −0 of a SELL at its entry price into 0.) */
function realise(group: PositionGroup, leg: GroupLeg, exitPaise: Paise, qty: number): void {
  const pnl = (exitPaise - leg.entryPaise) * qty * leg.dir + 0;
  leg.realisedPaise += pnl;
  group.realisedPaise += pnl;
  leg.exitQty = 0;
  leg.chase = null;
}

/** An exit asked for that cannot go now: the entry is not out yet, or a partial exit is in flight. */
export function wantExit(leg: GroupLeg, reason: string): void {
  leg.exitWanted = reason;
}

/** The exit asked for earlier, now due (see wantExit); it is asked for no longer. */
export function takeWantedExit(leg: GroupLeg): string | null {
  const wanted = leg.exitWanted;
  leg.exitWanted = null;
  return wanted;
}

/** The leg's resting entry or exit order is chased from now on (see OrderChaser). */
export function startChasing(leg: GroupLeg, chase: ChaseState): void {
  if (!awaitsFill(leg.status)) throw new Error(`Leg ${leg.id} cannot be chased: it is ${leg.status}, with no order resting.`);
  leg.chase = chase;
}

/** The chase ended: its order filled or ended, or went to MARKET. */
export function stopChasing(leg: GroupLeg): void {
  leg.chase = null;
}
