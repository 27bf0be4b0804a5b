import { z } from 'zod';
import type { CalendarPort } from '../../runtime/context.ts';
import { MarketError } from '../../runtime/market/market-error.ts';
import { addDays, istParts, istToMs, weekdayOf } from '../../runtime/time.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { SIGNAL_OUTPUT } from '../shared/channel-source.ts';
import { actionParam, hhmmParam } from '../shared/params.ts';
import { formatWeekdays, weekdayListSchema, weekdayNumbers } from '../../runtime/weekdays.ts';

const params = z.object({
  time: hhmmParam('09:20', 'Time of day it fires, 24-hour IST (e.g. 09:20)'),
  weekdays: weekdayListSchema('Days of the week it fires on'),
  action: actionParam('Action of the signal it sends, e.g. ENTRY'),
  skipHolidays: z.boolean().default(true).describe('Do not fire on exchange holidays'),
});
type Params = z.output<typeof params>;

/** A year and a bit: past it, no allowed day exists (every allowed weekday a holiday), so it never fires. */
const MAX_SEARCH_DAYS = 400;

/**
 * The first firing time strictly after `after` (epoch ms), or undefined when none is in reach. Skipping
 * holidays past the calendar's coverage would mean guessing them, so there it throws CALENDAR_NOT_COVERED
 * rather than fire on a day that may be a holiday.
 */
export function nextFire(p: Params, after: number, calendar: CalendarPort): number | undefined {
  const days = weekdayNumbers(p.weekdays);
  const first = istParts(after).date;
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
    const date = addDays(first, i);
    const weekday = weekdayOf(date);
    if (!days.has(weekday)) continue;
    // Weekends never trade: no need to ask the calendar (which may not cover them).
    if (p.skipHolidays && (weekday === 0 || weekday === 6 || !isTradingDay(calendar, date, p))) continue;
    const at = istToMs(date, p.time);
    if (at > after) return at;
  }
  return undefined;
}

function isTradingDay(calendar: CalendarPort, date: string, p: Params): boolean {
  try {
    return calendar.isTradingDay(date);
  } catch (err) {
    if (!(err instanceof MarketError && err.code === 'CALENDAR_NOT_COVERED')) throw err;
    throw new MarketError(
      'CALENDAR_NOT_COVERED',
      `The schedule (${p.time} IST, ${formatWeekdays(p.weekdays)}) stops before ${date}: ${err.message}`,
      err.details,
    );
  }
}

/**
 * The runtime's scheduler asks `nextFire` when to wake, then sends a `schedule` signal carrying this node's
 * id (and `action`), so each schedule node fires on its own times only.
 */
export const scheduleSource = defineNode({
  type: 'source.schedule',
  version: 1,
  category: 'source',
  title: 'Schedule',
  description: 'Starts the strategy at a time of day on chosen weekdays, skipping exchange holidays.',
  inputs: [],
  outputs: SIGNAL_OUTPUT,
  params,
  trigger: {
    source: 'schedule',
    matches: (signal, _p, nodeId) => signal.source === 'schedule' && signal.data.nodeId === nodeId,
    nextFire,
  },
  summary: (p) => {
    const parts = [`${p.time} IST`, formatWeekdays(p.weekdays), p.action.toUpperCase()];
    return (p.skipHolidays ? [...parts, 'skips holidays'] : parts).join(' · ');
  },
  run: (_ctx, input) => ({ signal: input }),
});
