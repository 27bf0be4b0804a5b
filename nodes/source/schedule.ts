import { z } from 'zod';
import type { CalendarPort } from '../../runtime/context.ts';
import { addDays, istParts, istToMs, weekdayOf } from '../../runtime/time.ts';
import { defineNode } from '../define-node.ts';
import { SIGNAL_OUTPUT } from '../shared/channel-source.ts';
import { actionParam, formatWeekdays, hhmmParam, weekdayNumbers, weekdaysParam } from '../shared/params.ts';

const params = z.object({
  time: hhmmParam('09:20', 'Time of day it fires, 24-hour IST (e.g. 09:20)'),
  weekdays: weekdaysParam('Days of the week it fires on'),
  action: actionParam('Action of the signal it sends, e.g. ENTRY'),
  skipHolidays: z.boolean().default(true).describe('Do not fire on exchange holidays'),
});
type Params = z.output<typeof params>;

/** A year and a bit: past it, no allowed day exists (every allowed weekday a holiday), so it never fires. */
const MAX_SEARCH_DAYS = 400;

/** The first firing time strictly after `after` (epoch ms), or undefined when none is in reach. */
export function nextFire(p: Params, after: number, calendar: CalendarPort): number | undefined {
  const days = weekdayNumbers(p.weekdays);
  const first = istParts(after).date;
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
    const date = addDays(first, i);
    if (!days.has(weekdayOf(date))) continue;
    if (p.skipHolidays && !calendar.isTradingDay(date)) continue;
    const at = istToMs(date, p.time);
    if (at > after) return at;
  }
  return undefined;
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
