import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { layCalendar } from '../../runtime/market/calendar-source.ts';
import { istToMs } from '../../runtime/time.ts';
import { postBacktest, publishTemplate, settledJob } from '../backtests/testing/jobs.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

/**
 * A server whose user laid a holidays file over the shipped calendar: their 2026 (a year given replaces the
 * shipped one) closes Mon 23 Nov 2026, a trading day in the shipped list. Its backtests must play on that
 * calendar, as its SIM deployments do.
 */
let t: TestApp;
beforeAll(async () => {
  const overlay = {
    exchanges: {
      NSE: {
        years: { 2026: { status: 'published', source: 'the user' } },
        holidays: [
          { date: '2026-11-23', name: 'closed by the user' },
          { date: '2026-11-24', name: 'Guru Nanak Jayanti' },
        ],
      },
    },
  };
  const calendar = new TradingCalendar(layCalendar(TradingCalendar.fromData(overlay).file, 'the user file'));
  t = await createTestApp({}, { calendar, startMs: istToMs('2026-11-25', '10:00') });
});
afterAll(() => t.close());

describe("a backtest over the API and the server's calendar", () => {
  it('skips a day the user closed, and counts its progress by that calendar', async () => {
    const cookie = await t.login('admin');
    const graphId = await publishTemplate(t, cookie);
    const posted = await postBacktest(t, cookie, { graphId, version: 1, from: '2026-11-20', to: '2026-11-25' }).expect(202);
    // Fri 20 and Wed 25 trade; the weekend, the user's 23rd and NSE's 24th (Guru Nanak Jayanti) do not.
    expect(posted.body.progress).toMatchObject({ days: 2 });
    const job = await settledJob(t, cookie, posted.body.id as string);
    expect(job.status).toBe('completed');
    expect(job.result!.days.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-25']);
  });
});
