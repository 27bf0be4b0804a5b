import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';
import { startServer, type RunningServer } from './main.ts';

let running: RunningServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// The SIM clock replays a fixed day, so what the server says does not depend on the date or hour it runs at.
const envFor = (dir: string) =>
  parseEnv({ PORT: '0', LEGFLOW_DATA: dir, LEGFLOW_ADMIN_PASSWORD: 'calendar-admin-1', LOG_LEVEL: 'silent', LEGFLOW_SIM_CLOCK: 'replay:2026-12-04T10:00' });

describe('the server and its holiday calendar', () => {
  it('refuses to start on a bad $LEGFLOW_DATA/holidays.json, naming the field, before opening anything', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'legflow-cal-start-'));
    writeFileSync(
      join(dataDir, 'holidays.json'),
      JSON.stringify({ exchanges: { NSE: { years: { 2027: { status: 'published', source: 'x' } }, holidays: [{ date: '2027-01-30', name: 'x' }] } } }),
    );
    await expect(startServer(envFor(dataDir), () => undefined)).rejects.toThrow(
      `${join(dataDir, 'holidays.json')} is not valid:\n  exchanges.NSE.holidays.0.date: 2027-01-30 is a Saturday: weekends are always closed, leave it out`,
    );
    expect(readdirSync(dataDir)).toEqual(['holidays.json']); // no database was created
  });

  it('says at start how far its calendar reaches, with the user’s file laid over the shipped one', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'legflow-cal-start-'));
    const userFile = join(dataDir, 'holidays.json');
    writeFileSync(
      userFile,
      JSON.stringify({
        exchanges: { NSE: { years: { 2027: { status: 'published', source: 'NSE/FAOP/test' } }, holidays: [{ date: '2027-01-26', name: 'Republic Day' }] } },
      }),
    );
    const lines: string[] = [];
    running = await startServer(envFor(dataDir), (line) => lines.push(line));
    expect(lines).toContain(`Calendar: NSE through 2027-12-31, BSE through 2027-12-31 (2027 provisional: load the exchange's list) — with ${userFile}`);
    const res = await request(running.url).get('/api/market/calendar').expect(200);
    const nse = res.body.exchanges[0];
    expect(nse).toMatchObject({ exchange: 'NSE', provisionalYears: [] });
    // The shipped years from 2019, and the user's 2027 laid over the shipped provisional one.
    expect(nse.years.map((y: { year: number }) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(nse.years.at(-1)).toMatchObject({ year: 2027, status: 'published', source: 'NSE/FAOP/test' });
  });
});
