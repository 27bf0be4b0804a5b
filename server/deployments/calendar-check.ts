import type { Instruments } from '../../runtime/market/instruments.ts';
import { DEFAULT_EXCHANGE, type TradingCalendar } from '../../runtime/market/calendar.ts';
import type { Plan } from '../../runtime/plan.ts';
import { addDays, istParts } from '../../runtime/time.ts';
import { ApiError } from '../http/api-error.ts';
import type { Schedule } from './schedule.ts';

/** A deployment is refused when the calendar it needs ends within this many days of its start. */
export const DEPLOY_HORIZON_DAYS = 30;

/** Exchange → why the deployment needs its holiday calendar (one line per node or setting). */
export type CalendarNeeds = Map<string, string[]>;

/**
 * Which exchanges' holiday calendars a deployment relies on: the exchange of every leg node's underlying
 * (its expiries move off holidays; its orders trade on trading days only), NSE for a schedule source or a
 * time window that skips holidays, the deployment schedule's exchange, and every exchange when legs can
 * come from a Python function or a graph trades without naming its underlyings.
 */
export function calendarNeeds(plan: Plan, schedule: Schedule | null, instruments: Instruments, exchanges: readonly string[]): CalendarNeeds {
  const needs: CalendarNeeds = new Map();
  const need = (exchange: string, why: string) => needs.set(exchange, [...(needs.get(exchange) ?? []), why]);
  let trades = false;
  let legsNamed = false;
  let legsFromFunctions = false;
  for (const step of plan.steps) {
    const { type, category } = step.def;
    const p = step.params as Record<string, unknown>;
    const node = `${type} node "${step.nodeId}"`;
    if (category === 'legs' && typeof p.underlying === 'string' && instruments.has(p.underlying)) {
      need(instruments.get(p.underlying).exchange, `${node} trades ${p.underlying}`);
      legsNamed = true;
    }
    if (type === 'transform.python') legsFromFunctions = true; // a function may return legs on any index
    if (type === 'exec.enter' || type === 'exec.exit') trades = true;
    if (type === 'source.schedule' && p.skipHolidays === true) need(DEFAULT_EXCHANGE, `${node} skips exchange holidays`);
    if (type === 'transform.time-window' && p.tradingDaysOnly === true) need(DEFAULT_EXCHANGE, `${node} is closed on exchange holidays`);
  }
  if ((trades && !legsNamed) || legsFromFunctions) {
    for (const exchange of exchanges) need(exchange, 'the graph places orders on legs it does not name in advance');
  }
  if (schedule) need(schedule.exchange, `the deployment schedule follows ${schedule.exchange} trading days`);
  return needs;
}

/**
 * Starting a deployment at `nowMs`: refused (422 calendar_not_covered, the status any route gives a date past
 * the calendar) when a calendar it needs ends within the next DEPLOY_HORIZON_DAYS days, since it would soon
 * trade, expire or fire on days nobody checked; otherwise the warnings to show, one per needed exchange whose
 * calendar is provisional in that window.
 */
export function checkDeployCalendar(calendar: TradingCalendar, needs: CalendarNeeds, nowMs: number): string[] {
  const today = istParts(nowMs).date;
  const horizon = addDays(today, DEPLOY_HORIZON_DAYS);
  const warnings: string[] = [];
  for (const [exchange, why] of needs) {
    if (!calendar.exchanges.includes(exchange)) continue; // the schedule's own validation names unknown exchanges
    const { through, years } = calendar.coverage(exchange);
    if (through < horizon) {
      const year = Number(through.slice(0, 4)) + 1;
      throw new ApiError(
        422,
        'calendar_not_covered',
        `This deployment needs the ${exchange} holiday calendar (${why.join('; ')}), which ends on ${through}, within the next ` +
          `${DEPLOY_HORIZON_DAYS} days (to ${horizon}). Load ${exchange}'s ${year} holiday list: legflow calendar load <file> ` +
          `--exchange ${exchange} --year ${year} (it writes $LEGFLOW_DATA/holidays.json; see docs/calendar.md), then restart the server.`,
        { exchange, coversThrough: through, horizon, needs: why },
      );
    }
    for (const y of years) {
      if (y.status !== 'provisional' || `${y.year}-12-31` < today || `${y.year}-01-01` > horizon) continue;
      const what =
        y.note ??
        `${exchange} has not published its ${y.year} list; load it when it is out: legflow calendar load <file> --exchange ${exchange} --year ${y.year}`;
      warnings.push(`The ${exchange} holiday calendar for ${y.year} is provisional (${why.join('; ')}): ${what}`);
    }
  }
  return warnings;
}
