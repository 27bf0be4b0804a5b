import { z } from 'zod';
import { istParts, parseHhMm } from '../../runtime/time.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { hhmmParam } from '../shared/params.ts';
import { formatWeekdays, weekdayListSchema, weekdayNumbers } from '../../runtime/weekdays.ts';

export const timeWindowTransform = defineNode({
  type: 'transform.time-window',
  version: 1,
  category: 'transform',
  title: 'Time window',
  description: 'Lets signals through only between two times (IST) on chosen days; others leave by "outside".',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [
    { name: 'inside', kind: 'same', label: 'Inside' },
    { name: 'outside', kind: 'same', label: 'Outside' },
  ],
  params: z.object({
    start: hhmmParam('09:20', 'Window opens at this time, 24-hour IST (included)'),
    end: hhmmParam('15:00', 'Window closes at this time, 24-hour IST (a signal at exactly this minute is outside)'),
    weekdays: weekdayListSchema('Days the window is open'),
    tradingDaysOnly: z.boolean().default(true).describe('Closed on exchange holidays'),
  }),
  check: (p) => (parseHhMm(p.start) < parseHhMm(p.end) ? [] : [`the window must open (${p.start}) before it closes (${p.end})`]),
  summary: (p) => `${p.start}–${p.end} IST · ${formatWeekdays(p.weekdays)}${p.tradingDaysOnly ? ' · trading days' : ''}`,
  run: (ctx, input, p) => {
    const now = istParts(ctx.clock.now());
    const inside =
      weekdayNumbers(p.weekdays).has(now.weekday) &&
      (!p.tradingDaysOnly || ctx.calendar.isTradingDay(now.date)) &&
      now.minuteOfDay >= parseHhMm(p.start) &&
      now.minuteOfDay < parseHhMm(p.end);
    return inside ? { inside: input } : { outside: input };
  },
});
