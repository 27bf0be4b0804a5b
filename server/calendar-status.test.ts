import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { istToMs } from '../runtime/time.ts';
import { coverageWarnings, describeCoverage } from './calendar-status.ts';

const shipped = TradingCalendar.default();

describe('what the server says at start about its calendar', () => {
  it('names how far each exchange reaches and which years are provisional', () => {
    expect(describeCoverage(shipped)).toBe(
      "Calendar: NSE through 2027-12-31 (2027 provisional: load the exchange's list), BSE through 2027-12-31 (2027 provisional: load the exchange's list)",
    );
    const published = TradingCalendar.fromData({ exchanges: { NSE: { years: { 2027: { status: 'published', source: 'x' } }, holidays: [] } } });
    expect(describeCoverage(published, '/srv/legflow/holidays.json')).toBe('Calendar: NSE through 2027-12-31 — with /srv/legflow/holidays.json');
  });

  it('warns when a calendar ends within 60 days, and not before', () => {
    expect(coverageWarnings(shipped, istToMs('2027-10-31', '09:00'))).toEqual([]); // 61 days left (Oct 31 → Nov 30 → Dec 31)
    expect(coverageWarnings(shipped, istToMs('2027-11-01', '09:00'))).toEqual([
      'The NSE holiday calendar ends on 2027-12-31, in 60 days: past it expiries, schedules and deployments are refused. ' +
        "Load NSE's 2028 list (legflow calendar load <file> --exchange NSE --year 2028) and restart the server.",
      'The BSE holiday calendar ends on 2027-12-31, in 60 days: past it expiries, schedules and deployments are refused. ' +
        "Load BSE's 2028 list (legflow calendar load <file> --exchange BSE --year 2028) and restart the server.",
    ]);
    expect(coverageWarnings(shipped, istToMs('2027-12-31', '23:59'))[0]).toMatch(/ends on 2027-12-31, in 0 days/);
    expect(coverageWarnings(shipped, istToMs('2028-01-02', '10:00'))[0]).toMatch(/^The NSE holiday calendar ended on 2027-12-31: /);
  });
});
