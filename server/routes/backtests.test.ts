import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../nodes/catalogue.ts';
import { runBacktest } from '../../runtime/backtest/backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../../runtime/backtest/signals-file.ts';
import { compileGraph } from '../../runtime/plan.ts';
import { istToMs } from '../../runtime/time.ts';
import { journaledSignals } from '../backtests/journaled-signals.ts';
import {
  everyWeekdaySignals,
  jobWhen,
  postBacktest,
  publishTemplate,
  settledJob,
  templateGraph,
  templateSignals,
  type Job,
} from '../backtests/testing/jobs.ts';
import { KEPT_PER_USER } from '../backtests/jobs.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle } from '../testing/trading.ts';

let t: TestApp;
let admin: string;
let bob: string;
beforeEach(async () => {
  t = await createTestApp();
  [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
});
afterEach(() => t.close());

/** What `legflow backtest` plays for the same graph, range and signals: the result the job must equal. */
async function expected(text: string, from: string, to: string) {
  const plan = compileGraph(templateGraph(), registry);
  const file = readSignalsFile(text, listenersOfPlan(plan));
  return { file, result: await runBacktest({ plan, signals: file.signals, from, to, seed: 1, capital: 1_000_000, stepMs: 60_000 }) };
}

const errorShape = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } };

describe('POST /api/backtests', () => {
  it('queues a job that runs in a worker to the result runBacktest gives for the same inputs, bad rows reported', async () => {
    const graphId = await publishTemplate(t, admin);
    // The template's six signals and one row that is not a signal (line 8: its time cannot be read).
    const text = `${templateSignals()}yesterday,ENTRY\n`;
    const posted = await postBacktest(t, admin, { graphId, version: 1, from: '2026-11-23', to: '2026-11-25', signals: { kind: 'csv', text } }).expect(202);
    const queued = posted.body as Job;
    expect(queued).toMatchObject({
      status: 'queued',
      // Mon 23 and Wed 25 Nov: Tue 24 Nov 2026 is an NSE holiday.
      progress: { day: 0, days: 2 },
      request: {
        graphId,
        version: 1,
        from: '2026-11-23',
        to: '2026-11-25',
        seed: 1,
        capital: 1_000_000,
        signals: { kind: 'csv', bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') },
      },
      error: null,
      result: null,
      startedAt: null,
      finishedAt: null,
    });

    const job = await settledJob(t, admin, queued.id);
    expect(job).toMatchObject({ status: 'completed', progress: { day: 2, days: 2 }, error: null });
    expect(job.startedAt).toBeGreaterThanOrEqual(job.createdAt);
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt!);
    const { file, result } = await expected(text, '2026-11-23', '2026-11-25');
    expect(JSON.stringify(job.result!.summary)).toBe(JSON.stringify(result.summary));
    expect(JSON.stringify(job.result!.trades)).toBe(JSON.stringify(result.trades));
    expect(JSON.stringify(job.result!.days)).toBe(JSON.stringify(result.days));
    expect(job.result!.summary.trades).toBeGreaterThan(0);
    // The bad row, reported by its line as the CLI reports it; the four signals of 23 and 25 Nov were played.
    expect(job.result!.inputs.signalsFile).toEqual({ format: 'plain', rows: 7, problems: file.problems });
    expect(file.problems.map((p) => p.line)).toEqual([8]);
    expect(job.result!.signals.submitted).toBe(4);
    expect(job.result!.inputs.journal).toBeNull();

    const list = await request(t.app).get('/api/backtests').set('Cookie', admin).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: job.id, status: 'completed' })]);
    expect(list.body[0]).not.toHaveProperty('result');
  });

  it('replays a deployment’s journal: the alerts it received, read when the job is made', async () => {
    const d = await deployTemplate(t, 'admin');
    // The SIM clock of the test app stands at Wed 25 Nov 2026 10:00 IST.
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    const posted = await postBacktest(t, admin, {
      graphId: d.graphId,
      version: 1,
      from: '2026-11-25',
      to: '2026-11-25',
      signals: { kind: 'journal', deploymentId: d.deploymentId },
    }).expect(202);
    expect((posted.body as Job).request.signals).toEqual({ kind: 'journal', deploymentId: d.deploymentId });
    const job = await settledJob(t, admin, (posted.body as Job).id);
    expect(job.status).toBe('completed');
    const read = await journaledSignals(t.ctx.storage, d.deploymentId, { fromMs: istToMs('2026-11-25'), toMs: istToMs('2026-11-26') });
    const plan = compileGraph(templateGraph(), registry);
    const result = await runBacktest({ plan, signals: read.signals, from: '2026-11-25', to: '2026-11-25', seed: 1, capital: 1_000_000, stepMs: 60_000 });
    expect(JSON.stringify(job.result!.trades)).toBe(JSON.stringify(result.trades));
    expect(job.result!.inputs.journal).toEqual({ deploymentId: d.deploymentId, signals: 1, engineMade: 0 });
    expect(job.result!.signals.submitted).toBe(1);
  });

  it('fails a job whose signals file has no header it can read, saying why', async () => {
    const graphId = await publishTemplate(t, admin);
    const posted = await postBacktest(t, admin, {
      graphId,
      version: 1,
      from: '2026-11-25',
      to: '2026-11-25',
      signals: { kind: 'csv', text: 'when,what\n1,2\n' },
    });
    const job = await settledJob(t, admin, (posted.body as Job).id);
    expect(job).toMatchObject({ status: 'failed', result: null, error: { code: 'invalid_signals_file' } });
    expect(job.error!.message).toContain('"time" and an "action" column');
  });

  it('refuses bad requests with a 4xx and the error shape, and keeps answering', async () => {
    const graphId = await publishTemplate(t, admin);
    const bobs = await deployTemplate(t, 'bob');
    const ok = { graphId, version: 1, from: '2026-11-23', to: '2026-11-25' };
    const deep = `{"graphId":${'['.repeat(100)}${']'.repeat(100)}}`;
    const cases: Array<[string, unknown, number, string]> = [
      ['missing fields', {}, 400, 'invalid_request'],
      ['no range', { graphId, version: 1 }, 400, 'invalid_request'],
      ['a version as text', { ...ok, version: '1' }, 400, 'invalid_request'],
      ['a date that is not one', { ...ok, to: '2026-02-30' }, 400, 'invalid_request'],
      ['a negative seed', { ...ok, seed: -1 }, 400, 'invalid_request'],
      ['capital past the paisa', { ...ok, capital: 1000.005 }, 400, 'invalid_request'],
      ['a signals source of no known kind', { ...ok, signals: { kind: 'parquet', text: 'x' } }, 400, 'invalid_request'],
      ['a csv without its text', { ...ok, signals: { kind: 'csv' } }, 400, 'invalid_request'],
      ['recorded history, not taken over the API yet', { ...ok, history: { data: 'bars.csv' } }, 400, 'invalid_request'],
      ['a range that ends before it starts', { ...ok, from: '2026-11-25', to: '2026-11-23' }, 400, 'invalid_settings'],
      ['a range past the calendar', { ...ok, from: '2031-01-01', to: '2031-01-31' }, 422, 'calendar_not_covered'],
      ['an unknown graph', { ...ok, graphId: 'g_nothing' }, 404, 'not_found'],
      ['another user’s graph', { ...ok, graphId: bobs.graphId }, 404, 'not_found'],
      ['an unpublished version', { ...ok, version: 2 }, 404, 'unknown_version'],
      ['another user’s deployment’s journal', { ...ok, signals: { kind: 'journal', deploymentId: bobs.deploymentId } }, 404, 'not_found'],
      ['a signals file over 2 MB', { ...ok, signals: { kind: 'csv', text: `time,action\n${'x'.repeat(2 * 1024 * 1024)}` } }, 413, 'signals_too_large'],
      ['a body over the limit', { ...ok, signals: { kind: 'csv', text: 'x'.repeat(6 * 1024 * 1024) } }, 413, 'body_too_large'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await postBacktest(t, admin, body);
      expect({ what, status: res.status, code: (res.body as { error?: { code?: string } }).error?.code }).toEqual({ what, status, code });
      expect(res.body, what).toMatchObject(errorShape);
    }
    const tooDeep = await request(t.app).post('/api/backtests').set('Cookie', admin).set('Content-Type', 'application/json').send(deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body).toMatchObject({ error: { code: 'too_deep' } });
    const notJson = await request(t.app).post('/api/backtests').set('Cookie', admin).set('Content-Type', 'application/json').send('{"graphId":');
    expect(notJson.body).toMatchObject({ error: { code: 'invalid_json' } });
    expect((await request(t.app).post('/api/backtests').send(ok)).status).toBe(401);
    // Nothing was queued, and the server still answers.
    expect((await request(t.app).get('/api/backtests').set('Cookie', admin).expect(200)).body).toEqual([]);
  });
});

describe('backtest jobs: limits, cancel, delete and owners', () => {
  it('takes two queued or running jobs per user (429 for the third), plays one at a time, and cancels a long one at once', async () => {
    const graphId = await publishTemplate(t, admin);
    // A year of 2026 with an ENTRY and an EXIT on every weekday: seconds of work, never waited for.
    const year = { graphId, version: 1, from: '2026-01-01', to: '2026-12-31', signals: { kind: 'csv', text: everyWeekdaySignals(2026) } };
    const first = (await postBacktest(t, admin, year).expect(202)).body as Job;
    const second = (await postBacktest(t, admin, year).expect(202)).body as Job;
    const third = await postBacktest(t, admin, year).expect(429);
    expect(third.body).toMatchObject({ error: { code: 'too_many_backtests', details: { limit: 2, active: expect.arrayContaining([first.id, second.id]) } } });

    // One worker at a time: the second waits while the first plays its days.
    const running = await jobWhen(t, admin, first.id, (j) => j.progress.day >= 1);
    expect(running.status).toBe('running');
    // 2026 has 261 weekdays (52 weeks and a Thursday); NSE is closed on 16 of them: 261 − 16 = 245 sessions.
    expect(running.progress.days).toBe(245);
    expect(((await request(t.app).get(`/api/backtests/${second.id}`).set('Cookie', admin)).body as Job).status).toBe('queued');

    // The queued one is cancelled before it starts; the running one at once, its worker stopped mid-year.
    expect((await request(t.app).post(`/api/backtests/${second.id}/cancel`).set('Cookie', admin).expect(200)).body).toMatchObject({
      status: 'cancelled',
      startedAt: null,
    });
    const cancelled = (await request(t.app).post(`/api/backtests/${first.id}/cancel`).set('Cookie', admin).expect(200)).body as Job;
    expect(cancelled).toMatchObject({ status: 'cancelled', result: null, error: null });
    expect(cancelled.progress.day).toBeLessThan(245);
    expect(cancelled.finishedAt).not.toBeNull();
    // Cancelling again changes nothing.
    expect((await request(t.app).post(`/api/backtests/${first.id}/cancel`).set('Cookie', admin).expect(200)).body).toMatchObject({ status: 'cancelled' });

    // The worker is free again: a short job runs to its end, and a finished job cannot be cancelled.
    const short = (await postBacktest(t, admin, { graphId, version: 1, from: '2026-11-25', to: '2026-11-25' }).expect(202)).body as Job;
    expect((await settledJob(t, admin, short.id)).status).toBe('completed');
    const refused = await request(t.app).post(`/api/backtests/${short.id}/cancel`).set('Cookie', admin).expect(409);
    expect(refused.body).toMatchObject({ error: { code: 'backtest_finished', details: { status: 'completed' } } });
  });

  it('shows, cancels and deletes a job for its owner only: another user gets 404', async () => {
    const graphId = await publishTemplate(t, admin);
    const job = (await postBacktest(t, admin, { graphId, version: 1, from: '2026-11-25', to: '2026-11-25' }).expect(202)).body as Job;
    await settledJob(t, admin, job.id);
    for (const [method, path] of [
      ['get', `/api/backtests/${job.id}`],
      ['post', `/api/backtests/${job.id}/cancel`],
      ['delete', `/api/backtests/${job.id}`],
    ] as const) {
      const res = await request(t.app)[method](path).set('Cookie', bob);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found', details: { id: job.id } } });
    }
    expect((await request(t.app).get('/api/backtests').set('Cookie', bob).expect(200)).body).toEqual([]);

    await request(t.app).delete(`/api/backtests/${job.id}`).set('Cookie', admin).expect(204);
    await request(t.app).get(`/api/backtests/${job.id}`).set('Cookie', admin).expect(404);
    expect((await request(t.app).get('/api/backtests').set('Cookie', admin).expect(200)).body).toEqual([]);
  });

  it('deletes a running job, cancelling it first', async () => {
    const graphId = await publishTemplate(t, admin);
    const job = (await postBacktest(t, admin, { graphId, version: 1, from: '2026-01-01', to: '2026-12-31' }).expect(202)).body as Job;
    await request(t.app).delete(`/api/backtests/${job.id}`).set('Cookie', admin).expect(204);
    await request(t.app).get(`/api/backtests/${job.id}`).set('Cookie', admin).expect(404);
    const next = (await postBacktest(t, admin, { graphId, version: 1, from: '2026-11-25', to: '2026-11-25' }).expect(202)).body as Job;
    expect((await settledJob(t, admin, next.id)).status).toBe('completed');
  });

  it(`keeps ${KEPT_PER_USER} jobs per user: a new one deletes the oldest finished`, async () => {
    const graphId = await publishTemplate(t, admin);
    const request_ = JSON.stringify({ graphId, version: 1, from: '2026-11-25', to: '2026-11-25', seed: 1, capital: 1_000_000, signals: null });
    const rows = Array.from({ length: KEPT_PER_USER }, (_, i) => ({
      id: `bt_old${String(i).padStart(2, '0')}`,
      userId: t.users.admin.id,
      status: 'completed' as const,
      request: request_,
      progressDay: 1,
      progressDays: 1,
      result: null,
      error: null,
      createdAt: 1_000 + i,
      startedAt: 1_000 + i,
      finishedAt: 1_000 + i,
    }));
    await t.ctx.storage.db.insertInto('backtests').values(rows).execute();
    const job = (await postBacktest(t, admin, { graphId, version: 1, from: '2026-11-25', to: '2026-11-25' }).expect(202)).body as Job;
    const list = (await request(t.app).get('/api/backtests').set('Cookie', admin).expect(200)).body as Job[];
    expect(list).toHaveLength(KEPT_PER_USER);
    // Newest first: the new job, then the stored ones from the newest down; bt_old00, the oldest, is gone.
    expect(list[0]!.id).toBe(job.id);
    expect(list.at(-1)!.id).toBe('bt_old01');
    expect(list.map((j) => j.id)).not.toContain('bt_old00');
    await settledJob(t, admin, job.id);
  });
});
