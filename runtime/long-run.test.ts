import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import shortStraddle from '../templates/short-straddle.graph.json' with { type: 'json' };
import type { Order } from './broker/types.ts';
import { compileGraph } from './plan.ts';
import type { GroupSnapshot } from './positions/snapshot.ts';
import { SimEngine } from './sim-engine.ts';
import type { Signal } from './signal.ts';
import { addDays, istToMs } from './time.ts';

const DAY_MS = 86_400_000;
const TRADING_DAYS = 21;
/** Entries per day, each exited 40 minutes later (or stopped out before, or squared off at 15:15). */
const ENTRY_TIMES = ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30'];
const plan = compileGraph(shortStraddle, registry);

/** What the engine reported, as a store would keep it: every order's last state and every group's. */
interface Reported {
  orders: Map<string, Order>;
  groups: Map<string, GroupSnapshot>;
  fills: number;
}

interface DayEnd {
  now: number;
  broker: ReturnType<SimEngine['broker']['retained']>;
  positions: ReturnType<SimEngine['positions']['retained']>;
  expectedOrders: number;
  expectedGroups: number;
}

/**
 * A month of trading on a virtual clock: 21 NSE trading days from Wed 25 Nov 2026, six short straddles a
 * day through the short-straddle template, with one-minute market steps while a group is held.
 */
async function tradeAMonth(keepFinishedMs?: number) {
  const engine = new SimEngine({ startMs: istToMs('2026-11-25', '09:15'), seed: 7, capital: 1e8, ...(keepFinishedMs !== undefined && { keepFinishedMs }) });
  const deployment = engine.deploy(plan, { id: 'dep-1' });
  const reported: Reported = { orders: new Map(), groups: new Map(), fills: 0 };
  engine.hooks.on('broker:persist', (event) => {
    if (event.type === 'order') reported.orders.set(event.order.id, event.order);
    if (event.type === 'fill') reported.fills++;
  });
  engine.hooks.on('group:persist', (group) => reported.groups.set(group.id, group));
  const moveTo = (ms: number) => engine.tick(ms - engine.clock.now());
  const send = async (action: string, n: number) => {
    const at = new Date(engine.clock.now()).toISOString();
    const signal: Signal = {
      id: `${action}-${n}`,
      source: 'tradingview',
      channel: 'nifty-straddle',
      action,
      receivedAt: at,
      data: {},
      dedupeKey: `${action}-${n}`,
    };
    await deployment.submit(signal);
    await deployment.idle();
  };

  const days: DayEnd[] = [];
  let date = '2026-11-25';
  let n = 0;
  for (let day = 0; day < TRADING_DAYS; day++) {
    for (const time of ENTRY_TIMES) {
      await moveTo(istToMs(date, time));
      await send('ENTRY', ++n);
      for (let minute = 0; minute < 40; minute++) await engine.tick(60_000);
      await send('EXIT', n);
    }
    await moveTo(istToMs(date, '15:30'));
    const now = engine.clock.now();
    const recent = (at: number | null) => at === null || at + (keepFinishedMs ?? Infinity) > now;
    days.push({
      now,
      broker: engine.broker.retained(),
      positions: engine.positions.retained(),
      // What should be in memory: what is open, and what finished within keepFinishedMs.
      expectedOrders: [...reported.orders.values()].filter((o) => o.status === 'OPEN' || recent(o.updatedAt)).length,
      expectedGroups: [...reported.groups.values()].filter((g) => g.status === 'open' || recent(g.closedAt)).length,
    });
    date = engine.calendar.nextTradingDay(addDays(date, 1), 'NSE');
  }
  return { engine, days, reported };
}

describe('a month of trading on a virtual clock', () => {
  it('keeps in memory only what is open or finished within a day, while the money comes out to the paisa', async () => {
    const [kept, all] = await Promise.all([tradeAMonth(DAY_MS), tradeAMonth()]);
    const placed = kept.reported.orders.size;
    expect(placed).toBeGreaterThan(TRADING_DAYS * ENTRY_TIMES.length * 4 - 1);

    for (const day of kept.days) {
      expect(day.broker.orders).toBe(day.expectedOrders);
      expect(day.broker.clientOrderIds).toBe(day.expectedOrders);
      expect(day.positions.groups).toBe(day.expectedGroups);
      // Only the last two IST days' realised P&L (the kill switches read today's).
      expect(day.positions.closedDays).toBeLessThanOrEqual(2);
    }
    // Flat: at each day's end no more than two days of trading are held, however many were traded.
    const perDay = ENTRY_TIMES.length;
    for (const day of kept.days.slice(1)) {
      expect(day.broker.orders).toBeLessThanOrEqual(2 * perDay * 4);
      expect(day.positions.groups).toBeLessThanOrEqual(2 * perDay);
      expect(day.positions.entries).toBeLessThanOrEqual(2 * perDay);
      expect(day.positions.orderLinks).toBeLessThanOrEqual(2 * perDay * 4);
    }
    const last = kept.days.at(-1)!;
    expect(placed).toBeGreaterThan(8 * last.broker.orders);
    // A flat position in an expired weekly contract is let go a day after the expiry: only the live
    // expiries' books are left, where the engine keeping everything holds every symbol it ever traded.
    const everSymbols = new Set([...kept.reported.orders.values()].map((o) => o.symbol)).size;
    expect(last.broker.positionBooks).toBeLessThan(everSymbols);
    expect(all.days.at(-1)!.broker.positionBooks).toBe(everSymbols);
    // Without a bound, everything stays: the same month holds every order and group.
    expect(all.days.at(-1)!.broker.orders).toBe(all.reported.orders.size);

    // Same trades, same money: forgetting changed no amount.
    expect(kept.reported.fills).toBe(all.reported.fills);
    expect(await kept.engine.broker.funds(kept.engine.accountId)).toEqual(await all.engine.broker.funds(all.engine.accountId));
    expect(kept.engine.positions.closedNetPaise('dep-1')).toBe(all.engine.positions.closedNetPaise('dep-1'));
    const now = kept.engine.clock.now();
    expect(kept.engine.positions.dayRealisedPaise('dep-1', now)).toBe(all.engine.positions.dayRealisedPaise('dep-1', now));
    // The groups still in memory are the newest of the month, as they stand.
    const recent = kept.engine.positions.groups('dep-1');
    expect(recent).toEqual(all.engine.positions.groups('dep-1').slice(-recent.length));
  });
});
