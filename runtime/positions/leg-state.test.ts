import { describe, expect, it } from 'vitest';
import { newGroup, newGroupLeg } from './group.ts';
import {
  IllegalLegTransitionError,
  abandonExit,
  awaitsFill,
  cancelBeforePlacing,
  cancelEntry,
  fillEntry,
  fillExit,
  hasFilled,
  isActive,
  nextStatus,
  rejectEntry,
  settleLeg,
  startChasing,
  startExit,
} from './leg-state.ts';
import type { LegEvent } from './leg-state.ts';
import { LEG_STATUSES as STATUSES, type GroupLeg, type LegStatus, type PositionGroup } from './types.ts';
import { CE, T0, leg } from '../testing/positions.ts';

const EVENTS: readonly LegEvent[] = [
  'entry filled',
  'entry rejected',
  'entry cancelled',
  'exit started',
  'exit failed',
  'exit partly filled',
  'exit filled',
  'settled',
];
/** The machine as the docs describe it, written out here so that a change to the table shows up. */
const EDGES = [
  'pending: entry filled → open',
  'pending: entry rejected → rejected',
  'pending: entry cancelled → cancelled',
  'open: exit started → exiting',
  'open: settled → closed',
  'exiting: exit failed → open',
  'exiting: exit partly filled → open',
  'exiting: exit filled → closed',
];
const TICK = 5;

/** A SELL leg of 3 lots entered at 120.05 with a 25 % stop, put in `status` (as a restore would). */
function legIn(status: LegStatus): { group: PositionGroup; leg: GroupLeg } {
  const groupLeg = newGroupLeg(leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 3, stopLoss: { type: 'pct', value: 25 } }), 0, 'dep-1:sig-1:ce', 'sig-1');
  groupLeg.status = status;
  groupLeg.entryPaise = 12_005;
  const group = newGroup({
    id: 'grp-1',
    tag: null,
    deploymentId: 'dep-1',
    mode: 'sim',
    accountId: 'SIM-1',
    idempotencyKey: 'sig-1',
    risk: {},
    createdAt: T0,
    legs: [groupLeg],
    status: 'open',
    closedAt: null,
    realisedPaise: 0,
    exitRequested: false,
  });
  return { group, leg: groupLeg };
}

/** Every function that changes a leg's status, with the event it reports. */
const TRANSITIONS: Array<{ event: LegEvent; apply: (group: PositionGroup, leg: GroupLeg) => void }> = [
  { event: 'entry filled', apply: (_, l) => fillEntry(l, 12_005, TICK) },
  { event: 'entry rejected', apply: (_, l) => rejectEntry(l) },
  { event: 'entry cancelled', apply: (_, l) => cancelEntry(l) },
  { event: 'entry cancelled', apply: (_, l) => cancelBeforePlacing(l, 'manual') },
  { event: 'exit started', apply: (_, l) => startExit(l, 'stop-loss', l.qty) },
  { event: 'exit failed', apply: (_, l) => abandonExit(l) },
  { event: 'exit filled', apply: (g, l) => fillExit(g, l, 10_000, T0) },
  {
    event: 'exit partly filled',
    apply: (g, l) => {
      l.exitQty = 65;
      fillExit(g, l, 10_000, T0);
    },
  },
  { event: 'settled', apply: (g, l) => settleLeg(g, l, 9_000, 'expiry settlement') },
];

describe('the leg state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = STATUSES.flatMap((from) =>
      EVENTS.flatMap((event) => {
        const to = nextStatus(from, event);
        return to === undefined ? [] : [`${from}: ${event} → ${to}`];
      }),
    );
    expect(allowed).toEqual(EDGES);
  });

  it('makes every allowed transition through its function, and throws on every other', () => {
    const made = new Set<string>();
    for (const { event, apply } of TRANSITIONS) {
      for (const from of STATUSES) {
        const { group, leg: l } = legIn(from);
        const to = nextStatus(from, event);
        if (to === undefined) {
          expect(() => apply(group, l), `${event} when ${from}`).toThrow(IllegalLegTransitionError);
          expect(l.status, `${event} when ${from} leaves it ${from}`).toBe(from);
        } else {
          apply(group, l);
          expect(l.status, `${event} when ${from}`).toBe(to);
          made.add(`${from}: ${event} → ${to}`);
        }
      }
    }
    expect([...made].sort()).toEqual([...EDGES].sort());
  });

  it('says in its error which leg, what it is, what was tried and what could happen', () => {
    const { leg: closed } = legIn('closed');
    expect(() => startExit(closed, 'stop-loss', closed.qty)).toThrow('Leg ce is closed: "exit started" cannot happen to it (nothing can, it is final).');
    const { leg: open } = legIn('open');
    expect(() => fillEntry(open, 12_005, TICK)).toThrow('Leg ce is open: "entry filled" cannot happen to it (only "exit started", "settled" can).');
  });

  it('fixes the stop from the entry fill', () => {
    const { leg: l } = legIn('pending');
    fillEntry(l, 12_005, TICK);
    // SELL at 120.05, 25 % stop: 150.0625 → 150.05 on the tick.
    expect([l.entryPaise, l.stopPaise, l.stopKey]).toEqual([12_005, 15_005, -15_005]);
  });

  it('books a partial exit and leaves the rest open, then closes the leg on the full one', () => {
    const { group, leg: l } = legIn('open');
    startExit(l, 'take one lot', 65);
    fillExit(group, l, 10_000, T0);
    // (120.05 − 100.00) × 65 = ₹1,303.25 realised; 2 lots stay open.
    expect([l.status, l.qty, l.lots, l.exitQty, l.exitReason, l.realisedPaise, group.realisedPaise]).toEqual(['open', 130, 2, 0, null, 130_325, 130_325]);
    expect(l.partialExits).toEqual([{ qty: 65, pricePaise: 10_000, reason: 'take one lot', time: T0 }]);
    startExit(l, 'target', l.qty);
    fillExit(group, l, 11_005, T0);
    // + (120.05 − 110.05) × 130 = ₹1,300.
    expect([l.status, l.exitPaise, l.exitReason, l.realisedPaise]).toEqual(['closed', 11_005, 'target', 260_325]);
  });

  it('clears the exit and its chase when an exit fails', () => {
    const { leg: l } = legIn('open');
    startExit(l, 'stop-loss', l.qty);
    startChasing(l, { everyMs: 1000, maxModifications: 3, offsetTicks: 1, orderId: 'ord-1', limitPaise: 12_000, rounds: 0, nextAt: T0 + 1000 });
    abandonExit(l);
    expect([l.status, l.exitReason, l.exitQty, l.chase]).toEqual(['open', null, 0, null]);
  });

  it('chases only a leg with an order resting, and settles an open leg whole', () => {
    const chase = { everyMs: 1000, maxModifications: 3, offsetTicks: 1, orderId: 'ord-1', limitPaise: 12_000, rounds: 0, nextAt: T0 + 1000 };
    expect(() => startChasing(legIn('open').leg, chase)).toThrow('Leg ce cannot be chased: it is open, with no order resting.');
    const { group, leg: l } = legIn('open');
    settleLeg(group, l, 9_000, 'expiry settlement');
    // (120.05 − 90.00) × 195 = ₹5,859.75.
    expect([l.status, l.exitReason, l.exitPaise, l.qty, l.realisedPaise]).toEqual(['closed', 'expiry settlement', 9_000, 195, 585_975]);
  });

  it('marks a leg cancelled before placing with why its entry never went out', () => {
    const { leg: l } = legIn('pending');
    cancelBeforePlacing(l, 'manual');
    expect([l.entryOrder.status, l.entryOrder.message]).toEqual(['CANCELLED', 'Not placed: exited (manual) before its turn.']);
  });

  it('classifies every status', () => {
    expect(STATUSES.filter(isActive)).toEqual(['pending', 'open', 'exiting']);
    expect(STATUSES.filter(hasFilled)).toEqual(['open', 'exiting', 'closed']);
    expect(STATUSES.filter(awaitsFill)).toEqual(['pending', 'exiting']);
  });
});
