import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { formatIst, istToMs } from '../runtime/time.ts';
import { parseEnv } from './env.ts';
import { startServer, type RunningServer } from './main.ts';
import { replayStartMs } from './sim-clock.ts';
import { createTestApp } from './testing/app.ts';

const calendar = TradingCalendar.default();
const saturdayNight = Date.UTC(2026, 11, 5, 18, 0); // Sat 5 Dec 2026 23:30 IST
const christmas = istToMs('2026-12-25', '11:00'); // an NSE holiday, a Friday

describe('the SIM clock setting', () => {
  it('reads real, replay, replay:date and replay:date-time, and refuses anything else by name', () => {
    expect(parseEnv({}).LEGFLOW_SIM_CLOCK).toEqual({ mode: 'real' });
    expect(parseEnv({ LEGFLOW_SIM_CLOCK: 'replay' }).LEGFLOW_SIM_CLOCK).toEqual({ mode: 'replay' });
    expect(parseEnv({ LEGFLOW_SIM_CLOCK: 'replay:2026-12-04', LEGFLOW_SIM_SPEED: '10' })).toMatchObject({
      LEGFLOW_SIM_CLOCK: { mode: 'replay', from: { date: '2026-12-04' } },
      LEGFLOW_SIM_SPEED: 10,
    });
    expect(parseEnv({ LEGFLOW_SIM_CLOCK: 'replay:2026-12-04T10:30' }).LEGFLOW_SIM_CLOCK).toEqual({
      mode: 'replay',
      from: { date: '2026-12-04', time: '10:30' },
    });
    expect(() => parseEnv({ LEGFLOW_SIM_CLOCK: 'replay:2026-02-30' })).toThrow(/LEGFLOW_SIM_CLOCK: that date does not exist/);
    expect(() => parseEnv({ LEGFLOW_SIM_CLOCK: 'yesterday' })).toThrow(/LEGFLOW_SIM_CLOCK: use real, replay/);
    expect(() => parseEnv({ LEGFLOW_SIM_CLOCK: 'replay', LEGFLOW_SIM_SPEED: '61' })).toThrow(/LEGFLOW_SIM_SPEED/);
    expect(() => parseEnv({ LEGFLOW_SIM_SPEED: '10' })).toThrow(/LEGFLOW_SIM_SPEED: only a replayed SIM clock/);
  });

  it('replays the previous trading day by default: Friday on a Saturday night, Thursday on Christmas', () => {
    expect(replayStartMs({ mode: 'real' }, calendar, saturdayNight, null)).toBeUndefined();
    expect(formatIst(replayStartMs({ mode: 'replay' }, calendar, saturdayNight, null)!)).toBe('Fri 4 Dec 2026 09:15 IST');
    expect(formatIst(replayStartMs({ mode: 'replay' }, calendar, christmas, null)!)).toBe('Thu 24 Dec 2026 09:15 IST');
    // Monday morning: the previous trading day is the Friday before.
    expect(formatIst(replayStartMs({ mode: 'replay' }, calendar, istToMs('2026-12-07', '08:00'), null)!)).toBe('Fri 4 Dec 2026 09:15 IST');
    expect(formatIst(replayStartMs({ mode: 'replay', from: { date: '2026-11-25', time: '14:00' } }, calendar, saturdayNight, null)!)).toBe(
      'Wed 25 Nov 2026 14:00 IST',
    );
  });

  it('never starts before what the SIM saved: a replay after an earlier run goes on from there', () => {
    const saved = istToMs('2026-12-04', '11:42');
    expect(replayStartMs({ mode: 'replay', from: { date: '2026-12-04' } }, calendar, saturdayNight, saved)).toBe(saved);
    expect(replayStartMs({ mode: 'replay', from: { date: '2026-12-04' } }, calendar, saturdayNight, istToMs('2026-12-03', '11:00'))).toBe(
      istToMs('2026-12-04', '09:15'),
    );
  });

  it('is answered at GET /api/market/clock: the test server’s virtual clock on a Wednesday morning', async () => {
    const t = await createTestApp();
    try {
      const res = await request(t.app)
        .get('/api/market/clock')
        .set('Cookie', await t.login('bob'))
        .expect(200);
      expect(res.body).toEqual({
        now: new Date(istToMs('2026-11-25', '10:00')).toISOString(),
        mode: 'virtual',
        speed: 1,
        replayFrom: null,
        exchanges: { NSE: { open: true, nextOpen: null }, BSE: { open: true, nextOpen: null } },
      });
      await request(t.app).get('/api/market/clock').expect(401);
    } finally {
      await t.close();
    }
  });
});

describe('legflow start with a replayed SIM clock', () => {
  let running: RunningServer | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await running?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what the clock is, and runs on from Friday’s close to Monday’s open', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'legflow-replay-'));
    const lines: string[] = [];
    const env = parseEnv({
      PORT: '0',
      LEGFLOW_DATA: dataDir,
      LEGFLOW_ADMIN_PASSWORD: 'replay-admin-1',
      LOG_LEVEL: 'silent',
      LEGFLOW_SIM_CLOCK: 'replay:2026-12-04T15:29',
      LEGFLOW_SIM_SPEED: '60',
    });
    running = await startServer(env, (line) => lines.push(line));
    expect(lines).toContain('SIM clock: practising on trading sessions from Fri 4 Dec 2026 15:29 IST at 60× (nights, weekends and holidays are skipped).');
    const login = await request(running.url).post('/api/auth/login').send({ username: 'admin', password: 'replay-admin-1' }).expect(200);
    const cookie = login.headers['set-cookie']![0]!.split(';')[0]!;
    // At least 1.1 s later on the wall, at least 66 s later in the market: past Friday's close.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const clock = (await request(running.url).get('/api/market/clock').set('Cookie', cookie).expect(200)).body as {
      now: string;
      mode: string;
      speed: number;
      exchanges: { NSE: { open: boolean } };
    };
    expect(clock).toMatchObject({
      mode: 'replay',
      speed: 60,
      replayFrom: new Date(istToMs('2026-12-04', '15:29')).toISOString(),
      exchanges: { NSE: { open: true } },
    });
    expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(istToMs('2026-12-07', '09:15'));
  });
});
