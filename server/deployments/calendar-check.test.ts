import { describe, expect, it } from 'vitest';
import { registry } from '../../nodes/catalogue.ts';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { Instruments } from '../../runtime/market/instruments.ts';
import { compileGraph } from '../../runtime/plan.ts';
import { edge, graph, node } from '../../runtime/testing/graph.ts';
import { istToMs } from '../../runtime/time.ts';
import { ApiError } from '../http/api-error.ts';
import { calendarNeeds, checkDeployCalendar } from './calendar-check.ts';
import { scheduleSchema } from './schedule.ts';

const calendar = TradingCalendar.default();
const instruments = Instruments.default(calendar);
const tv = node('tv', 'source.tradingview', { channel: 'c' });
const needsOf = (nodes: unknown[], edges: unknown[], schedule: unknown = null) =>
  Object.fromEntries(
    calendarNeeds(compileGraph(graph(nodes, edges), registry), schedule === null ? null : scheduleSchema.parse(schedule), instruments, calendar.exchanges),
  );

describe('which holiday calendars a deployment needs', () => {
  it('the exchange of each leg node’s index', () => {
    const nodes = [tv, node('s', 'legs.strategy', { underlying: 'SENSEX' }), node('f', 'legs.future', { underlying: 'NIFTY' }), node('enter', 'exec.enter')];
    expect(needsOf(nodes, [edge('tv', 'signal', 's'), edge('s', 'legs', 'f'), edge('f', 'legs', 'enter')])).toEqual({
      BSE: ['legs.strategy node "s" trades SENSEX'],
      NSE: ['legs.future node "f" trades NIFTY'],
    });
  });

  it('NSE for a schedule or a time window that skips holidays, the schedule’s exchange, and none for a notice', () => {
    const note = node('note', 'exec.notify', { message: 'x' });
    expect(needsOf([node('at', 'source.schedule'), note], [edge('at', 'signal', 'note')])).toEqual({
      NSE: ['source.schedule node "at" skips exchange holidays'],
    });
    expect(needsOf([node('at', 'source.schedule', { skipHolidays: false }), note], [edge('at', 'signal', 'note')])).toEqual({});
    expect(needsOf([tv, note], [edge('tv', 'signal', 'note')], { start: '09:20', stop: '15:00', exchange: 'BSE' })).toEqual({
      BSE: ['the deployment schedule follows BSE trading days'],
    });
  });

  it('every exchange when the legs are not named in advance (an exit, or legs from a Python function)', () => {
    const anyLegs = 'the graph places orders on legs it does not name in advance';
    expect(needsOf([tv, node('exit', 'exec.exit')], [edge('tv', 'signal', 'exit')])).toEqual({ NSE: [anyLegs], BSE: [anyLegs] });
  });
});

describe('checking them when a deployment starts', () => {
  const needs = new Map([['NSE', ['legs.strategy node "s" trades NIFTY']]]);

  it('passes quietly inside a published year, warns when the next 30 days reach a provisional one', () => {
    expect(checkDeployCalendar(calendar, needs, istToMs('2026-12-01', '10:00'))).toEqual([]); // to 31 Dec 2026
    expect(checkDeployCalendar(calendar, needs, istToMs('2026-12-02', '10:00'))).toEqual([
      expect.stringMatching(/^The NSE holiday calendar for 2027 is provisional \(legs\.strategy node "s" trades NIFTY\): NSE has not published its 2027 list/),
    ]);
    expect(checkDeployCalendar(calendar, new Map([['BSE', ['x']]]), istToMs('2027-06-01', '10:00'))).toEqual([
      expect.stringMatching(/^The BSE holiday calendar for 2027 is provisional \(x\): BSE has not published its 2027 list/),
    ]);
  });

  it('refuses with 422 once the calendar ends within 30 days', () => {
    expect(checkDeployCalendar(calendar, needs, istToMs('2027-12-01', '10:00'))).toHaveLength(1); // to 31 Dec 2027: still inside
    const err = (() => {
      try {
        checkDeployCalendar(calendar, needs, istToMs('2027-12-02', '10:00'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'calendar_not_covered', details: { exchange: 'NSE', coversThrough: '2027-12-31', horizon: '2028-01-01' } });
    expect(checkDeployCalendar(calendar, new Map(), istToMs('2030-01-01', '10:00'))).toEqual([]); // a graph that needs no calendar
  });
});
