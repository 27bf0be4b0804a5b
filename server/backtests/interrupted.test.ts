import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.ts';
import { startServer, type RunningServer } from '../main.ts';
import { everyWeekdaySignals, templateGraph, type Job } from './testing/jobs.ts';

const PASSWORD = 'backtest-admin-1';
let running: RunningServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'legflow-backtests-'));
afterEach(async () => {
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// The SIM clock replays a fixed day, so nothing here depends on the date or hour the test runs at.
const env = parseEnv({ PORT: '0', LEGFLOW_DATA: dataDir, LEGFLOW_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LEGFLOW_SIM_CLOCK: 'replay:2026-12-04T10:00' });

async function signIn(url: string): Promise<string> {
  const res = await request(url).post('/api/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200);
  return res.headers['set-cookie']![0]!.split(';')[0]!;
}

async function job(url: string, cookie: string, id: string): Promise<Job> {
  return (await request(url).get(`/api/backtests/${id}`).set('Cookie', cookie).expect(200)).body as Job;
}

describe('backtests across a restart', () => {
  it('fails, at the next start, the jobs a stopped server left running or queued, saying so', async () => {
    running = await startServer(env, () => undefined);
    let cookie = await signIn(running.url);
    const graph = await request(running.url).post('/api/graphs').set('Cookie', cookie).send({ graph: templateGraph() }).expect(201);
    const graphId = (graph.body as { id: string }).id;
    await request(running.url).post(`/api/graphs/${graphId}/publish`).set('Cookie', cookie).expect(201);
    const year = { graphId, version: 1, from: '2026-01-01', to: '2026-12-31', signals: { kind: 'csv', text: everyWeekdaySignals(2026) } };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push(((await request(running.url).post('/api/backtests').set('Cookie', cookie).send(year).expect(202)).body as Job).id);
    for (let i = 0; i < 400 && (await job(running.url, cookie, ids[0]!)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await job(running.url, cookie, ids[0]!)).status).toBe('running');
    expect((await job(running.url, cookie, ids[1]!)).status).toBe('queued');
    await running.close();

    const lines: string[] = [];
    running = await startServer(env, (line) => lines.push(line));
    expect(lines).toContain('2 backtests were queued or running at the last stop: marked failed, to run again.');
    cookie = await signIn(running.url);
    for (const id of ids) {
      expect(await job(running.url, cookie, id)).toMatchObject({
        status: 'failed',
        result: null,
        error: { code: 'interrupted', message: 'The server stopped before this backtest finished; run it again.' },
        finishedAt: expect.any(Number),
      });
    }
    // Neither holds a place any more: two new jobs are taken.
    const short = { graphId, version: 1, from: '2026-11-25', to: '2026-11-25' };
    for (let i = 0; i < 2; i++) await request(running.url).post('/api/backtests').set('Cookie', cookie).send(short).expect(202);
  });
});
