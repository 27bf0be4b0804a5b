import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../runtime/market/clock.ts';
import { istToMs } from '../../runtime/time.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let admin: string;

// The test market opens on Wednesday 2026-11-25 at 10:00 IST; the shipped calendar covers 2026 and, provisionally, 2027.
beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  admin = await t.login('admin');
});
afterEach(() => t.close());

/** Moves the SIM clock (no market step): what the calendar checks read. */
const setDate = (date: string) => {
  const clock = t.ctx.engine.sim.clock as VirtualClock;
  clock.advance(istToMs(date, '10:00') - clock.now());
};
const deploySame = () => request(t.app).post('/api/deployments').set('Cookie', admin).send({ graphId: d.graphId, version: 1, mode: 'sim' });

describe('GET /api/market/calendar', () => {
  it('says how far each exchange reaches, with each year’s status and source, without signing in', async () => {
    const res = await request(t.app).get('/api/market/calendar').expect(200);
    expect(res.body.warnings).toEqual([]);
    expect(
      res.body.exchanges.map((e: { exchange: string; through: string; provisionalYears: number[] }) => [e.exchange, e.through, e.provisionalYears]),
    ).toEqual([
      ['NSE', '2027-12-31', [2027]],
      ['BSE', '2027-12-31', [2027]],
    ]);
    const [nse] = res.body.exchanges;
    // Past years (2019–2025) come first; the last two are this year and next.
    expect(nse.years.at(-2)).toMatchObject({
      year: 2026,
      status: 'published',
      holidays: 16,
      source: expect.stringMatching(/^NSE circular NSE\/FAOP\/71777 of 12 Dec 2025/),
    });
    expect(nse.years.at(-1)).toMatchObject({
      year: 2027,
      status: 'provisional',
      holidays: 3,
      note: expect.stringMatching(/^NSE has not published its 2027 list/),
    });
    expect(nse.holidays).toContainEqual({ date: '2027-01-26', name: 'Republic Day' });
    const paths = (await request(t.app).get('/api/openapi.json').expect(200)).body.paths;
    expect(paths['/api/market/calendar'].get).toMatchObject({ tags: ['market'] });
  });

  it('warns once coverage ends within 60 days', async () => {
    setDate('2027-11-15');
    const res = await request(t.app).get('/api/market/calendar').expect(200);
    expect(res.body.warnings).toEqual([
      expect.stringMatching(/^The NSE holiday calendar ends on 2027-12-31, in 46 days: .*--exchange NSE --year 2028/),
      expect.stringMatching(/^The BSE holiday calendar ends on 2027-12-31, in 46 days/),
    ]);
  });
});

describe('market routes past the holiday calendar', () => {
  it('answer 422 calendar_not_covered with what to load, not a 500', async () => {
    setDate('2027-12-22'); // NIFTY's next weeklies: 28 Dec, then 4 Jan 2028
    const res = await request(t.app).get('/api/market/instrument?underlying=NIFTY').set('Cookie', admin).expect(422);
    expect(res.body.error).toMatchObject({ code: 'calendar_not_covered', details: { exchange: 'NSE', coversThrough: '2027-12-31' } });
    expect(res.body.error.message).toMatch(/^Cannot place the NIFTY expiry due on 2028-01-04: .*legflow calendar load <file> --exchange NSE --year 2028/);
  });
});

describe('deploying against the holiday calendar', () => {
  it('deploys without warnings while the next 30 days are in a published year', async () => {
    expect((await deploySame().expect(201)).body.warnings).toEqual([]);
  });

  it('deploys with a warning when the next 30 days reach a provisional year, naming what relies on it', async () => {
    setDate('2026-12-10'); // 30 days on is 9 Jan 2027
    const res = await deploySame().expect(201);
    expect(res.body.status).toBe('running');
    expect(res.body.warnings).toEqual([
      'The NSE holiday calendar for 2027 is provisional (legs.strategy node "straddle" trades NIFTY): NSE has not published its 2027 list; ' +
        'lunar-calendar holidays (Holi, Id, Ram Navami, Mahavir Jayanti, Ganesh Chaturthi, Dussehra, Diwali, Guru Nanak Jayanti, …) are missing. ' +
        'Load the circular when it is out: legflow calendar load <file> --exchange NSE --year 2027',
    ]);
  });

  it('refuses to create or start a deployment when its calendar ends within 30 days, saying what to load', async () => {
    setDate('2027-12-05'); // 30 days on is 4 Jan 2028
    const res = await deploySame().expect(422);
    expect(res.body.error).toEqual({
      code: 'calendar_not_covered',
      message:
        'This deployment needs the NSE holiday calendar (legs.strategy node "straddle" trades NIFTY), which ends on 2027-12-31, within the next 30 days ' +
        "(to 2028-01-04). Load NSE's 2028 holiday list: legflow calendar load <file> --exchange NSE --year 2028 " +
        '(it writes $LEGFLOW_DATA/holidays.json; see docs/calendar.md), then restart the server.',
      details: { exchange: 'NSE', coversThrough: '2027-12-31', horizon: '2028-01-04', needs: ['legs.strategy node "straddle" trades NIFTY'] },
    });
    expect((await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body).toHaveLength(1); // nothing saved

    await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', admin).expect(200);
    const start = await request(t.app).post(`/api/deployments/${d.deploymentId}/start`).set('Cookie', admin).expect(422);
    expect(start.body.error.code).toBe('calendar_not_covered');
    expect((await request(t.app).get(`/api/deployments/${d.deploymentId}`).set('Cookie', admin).expect(200)).body.status).toBe('stopped');
  });
});
