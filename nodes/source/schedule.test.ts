import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { MarketError } from '../../runtime/market/market-error.ts';
import { testContext, testMessage, testSignal } from '../testing/context.ts';
import { nextFire, scheduleSource as node } from './schedule.ts';

const calendar = TradingCalendar.default();
const ist = (iso: string) => Date.parse(`${iso}+05:30`);

describe('source.schedule', () => {
  const defaults = node.params.parse({});

  it('fires later the same day, or on the next allowed day once the time has passed', () => {
    expect(nextFire(defaults, ist('2026-01-05T09:00:00'), calendar)).toBe(ist('2026-01-05T09:20:00'));
    expect(nextFire(defaults, ist('2026-01-05T10:00:00'), calendar)).toBe(ist('2026-01-06T09:20:00'));
    // Strictly after: a fire at exactly 09:20 must not be scheduled again for 09:20.
    expect(nextFire(defaults, ist('2026-01-05T09:20:00'), calendar)).toBe(ist('2026-01-06T09:20:00'));
  });

  it('skips the weekend and exchange holidays (Republic Day, Mon 26 Jan 2026)', () => {
    const fridayEvening = ist('2026-01-23T16:00:00');
    expect(nextFire(defaults, fridayEvening, calendar)).toBe(ist('2026-01-27T09:20:00'));
    const anyDay = node.params.parse({ skipHolidays: false });
    expect(nextFire(anyDay, fridayEvening, calendar)).toBe(ist('2026-01-26T09:20:00'));
  });

  it('skips Republic Day 2027 (Tue 26 Jan) and refuses to plan past the calendar rather than fire on a guess', () => {
    expect(nextFire(defaults, ist('2027-01-25T10:00:00'), calendar)).toBe(ist('2027-01-27T09:20:00'));
    expect(nextFire(defaults, ist('2027-12-30T10:00:00'), calendar)).toBe(ist('2027-12-31T09:20:00'));
    // After Fri 31 Dec 2027 the next weekday is Mon 3 Jan 2028, which the shipped calendar does not cover.
    const err = (() => {
      try {
        nextFire(defaults, ist('2027-12-31T10:00:00'), calendar);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MarketError);
    expect((err as MarketError).code).toBe('CALENDAR_NOT_COVERED');
    expect((err as MarketError).message).toMatch(
      /^The schedule \(09:20 IST, Mon–Fri\) stops before 2028-01-03: The NSE holiday calendar covers 2019-01-01 to 2027-12-31; .* legflow calendar load <file> --exchange NSE --year 2028/,
    );
    // A schedule told not to skip holidays needs no calendar, and weekends need none either.
    expect(nextFire({ ...defaults, skipHolidays: false }, ist('2027-12-31T10:00:00'), calendar)).toBe(ist('2028-01-03T09:20:00'));
    expect(nextFire(node.params.parse({ weekdays: ['sat'] }), ist('2027-12-31T10:00:00'), calendar)).toBeUndefined();
  });

  it('fires on the chosen weekdays only, and never when no such day trades', () => {
    const tuesdays = node.params.parse({ weekdays: ['tue'], time: '15:00' });
    expect(nextFire(tuesdays, ist('2026-01-06T15:00:01'), calendar)).toBe(ist('2026-01-13T15:00:00'));
    const saturdays = node.params.parse({ weekdays: ['sat'] });
    expect(nextFire(saturdays, ist('2026-01-05T10:00:00'), calendar)).toBeUndefined();
    expect(nextFire({ ...saturdays, skipHolidays: false }, ist('2026-01-05T10:00:00'), calendar)).toBe(ist('2026-01-10T09:20:00'));
  });

  it('works across IST midnight (UTC evening is the next IST day)', () => {
    // 2026-01-05T19:00Z is 00:30 IST on Tue 6 Jan.
    expect(nextFire(defaults, Date.parse('2026-01-05T19:00:00Z'), calendar)).toBe(ist('2026-01-06T09:20:00'));
  });

  it('matches only schedule signals addressed to this node', () => {
    expect(node.trigger?.matches(testSignal({ source: 'schedule', data: { nodeId: 'sch' } }), defaults, 'sch')).toBe(true);
    expect(node.trigger?.matches(testSignal({ source: 'schedule', data: { nodeId: 'x' } }), defaults, 'sch')).toBe(false);
    expect(node.trigger?.matches(testSignal({ source: 'manual', data: { nodeId: 'sch' } }), defaults, 'sch')).toBe(false);
  });

  it('summarises and passes the signal on', async () => {
    expect(node.summary(defaults)).toBe('09:20 IST · Mon–Fri · ENTRY · skips holidays');
    const msg = testMessage({}, { source: 'schedule' });
    expect(await node.run(testContext().ctx, msg, defaults)).toEqual({ signal: msg });
  });
});
