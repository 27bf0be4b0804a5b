import type { TradingCalendar } from '../runtime/market/calendar.ts';
import { DAY_MS, istParts, istToMs } from '../runtime/time.ts';

/** The server warns at start when a calendar ends within this many days. */
export const COVERAGE_WARNING_DAYS = 60;

/**
 * One line for the start banner: "Calendar: NSE through 2027-12-31 (2027 provisional: load the exchange's
 * list), BSE through …", with the user's file when one is laid over the shipped calendar.
 */
export function describeCoverage(calendar: TradingCalendar, userFile?: string): string {
  const parts = calendar.exchanges.map((exchange) => {
    const { through, provisionalYears } = calendar.coverage(exchange);
    const provisional = provisionalYears.length ? ` (${provisionalYears.join(', ')} provisional: load the exchange's list)` : '';
    return `${exchange} through ${through}${provisional}`;
  });
  return `Calendar: ${parts.join(', ')}${userFile ? ` — with ${userFile}` : ''}`;
}

/** One warning per exchange whose calendar ends within `days` of `nowMs` (or has already ended), saying what to load. */
export function coverageWarnings(calendar: TradingCalendar, nowMs: number, days = COVERAGE_WARNING_DAYS): string[] {
  const today = istParts(nowMs).date;
  return calendar.exchanges.flatMap((exchange) => {
    const through = calendar.coversThrough(exchange);
    const left = Math.round((istToMs(through) - istToMs(today)) / DAY_MS);
    if (left > days) return [];
    const year = Number(through.slice(0, 4)) + 1;
    const when = left < 0 ? `ended on ${through}` : `ends on ${through}, in ${left} day${left === 1 ? '' : 's'}`;
    return [
      `The ${exchange} holiday calendar ${when}: past it expiries, schedules and deployments are refused. ` +
        `Load ${exchange}'s ${year} list (legflow calendar load <file> --exchange ${exchange} --year ${year}) and restart the server.`,
    ];
  });
}
