import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let admin: string;

// The test market opens on Wednesday 2026-11-25 at 10:00 IST.
beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  admin = await t.login('admin');
});
afterEach(() => t.close());

const deploySame = (schedule: unknown) =>
  request(t.app).post('/api/deployments').set('Cookie', admin).send({ graphId: d.graphId, version: 1, mode: 'sim', schedule });
const ordersOf = async (id: string) => (await request(t.app).get(`/api/orders?deploymentId=${id}`).set('Cookie', admin).expect(200)).body as unknown[];

describe('a deployment schedule', () => {
  it('is shown with whether it takes signals now, in the deployment and the list', async () => {
    const res = await deploySame({ start: '11:00', stop: '15:00' }).expect(201);
    expect(res.body.schedule).toEqual({
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '11:00',
      stop: '15:00',
      exchange: 'NSE',
      description: 'Mon–Fri 11:00–15:00 IST (NSE trading days)',
      open: false,
      closedBecause: "outside the deployment's schedule, Mon–Fri 11:00–15:00 IST (NSE trading days): 10:00 IST is before 11:00",
    });
    const list = (await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body as Array<{ id: string; schedule: unknown }>;
    expect(list.find((x) => x.id === res.body.id)?.schedule).toMatchObject({ start: '11:00', open: false });
    expect(list.find((x) => x.id === d.deploymentId)?.schedule).toBeNull();
    await t.ctx.engine.sim.tick(60 * 60_000);
    expect((await request(t.app).get(`/api/deployments/${res.body.id}`).set('Cookie', admin).expect(200)).body.schedule).toMatchObject({ open: true });
  });

  it('outside it, a signal is journaled and its run recorded as skipped with the reason; inside, it trades', async () => {
    const scheduled = (await deploySame({ start: '11:00', stop: '15:00' }).expect(201)).body.id as string;
    const alert = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    // The same alert went to both deployments: the unscheduled one entered, the scheduled one skipped.
    expect(await ordersOf(d.deploymentId)).toHaveLength(2);
    expect(await ordersOf(scheduled)).toEqual([]);
    const signal = (await request(t.app).get(`/api/signals/${alert.body.signalId}`).set('Cookie', admin).expect(200)).body;
    const run = signal.runs.find((r: { deploymentId: string }) => r.deploymentId === scheduled);
    expect(run).toMatchObject({ status: 'ignored', trace: { status: 'ignored', steps: [], skipped: { code: 'outside_schedule' } } });
    expect(run.trace.skipped.reason).toMatch(/10:00 IST is before 11:00$/);

    await t.ctx.engine.sim.tick(60 * 60_000);
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 2 }).expect(200);
    await settle(t);
    expect(await ordersOf(scheduled)).toHaveLength(2);
  });

  it('is kept across a stop and a start', async () => {
    const scheduled = (await deploySame({ start: '11:00', stop: '15:00' }).expect(201)).body.id as string;
    await request(t.app).post(`/api/deployments/${scheduled}/stop`).set('Cookie', admin).expect(200);
    const started = await request(t.app).post(`/api/deployments/${scheduled}/start`).set('Cookie', admin).expect(200);
    expect(started.body.schedule).toMatchObject({ start: '11:00', stop: '15:00', open: false });
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    expect(await ordersOf(scheduled)).toEqual([]);
  });

  it('a signal with only scheduled deployments, all closed, is ignored overall', async () => {
    await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', admin).expect(200);
    await deploySame({ days: ['tue'], start: '09:15', stop: '15:30' }).expect(201);
    const alert = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    expect(alert.body.status).toBe('accepted');
    await settle(t);
    await t.ctx.engine.store.flush();
    const signal = (await request(t.app).get(`/api/signals/${alert.body.signalId}`).set('Cookie', admin).expect(200)).body;
    expect(signal.status).toBe('ignored');
    expect(signal.runs[0].trace.skipped.reason).toMatch(/2026-11-25 is a Wednesday$/);
  });

  it('refuses a schedule that cannot be, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ start: '15:00', stop: '09:20' }, 'schedule.stop'],
      [{ days: [], start: '09:20', stop: '15:00' }, 'schedule.days'],
      [{ days: ['someday'], start: '09:20', stop: '15:00' }, 'schedule.days.0'],
      [{ start: '9:20', stop: '15:00' }, 'schedule.start'],
      [{ start: '09:20', stop: '15:00', exchange: 'MCX' }, 'schedule.exchange'],
      [{ start: '09:20', stop: '15:00', tz: 'UTC' }, 'schedule'],
    ];
    for (const [schedule, path] of cases) {
      const res = await deploySame(schedule);
      expect([res.status, res.body.error.code, res.body.error.details.issues.map((i: { path: string }) => i.path)], JSON.stringify(schedule)).toEqual([
        400,
        'invalid_request',
        [path],
      ]);
    }
    expect((await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body).toHaveLength(1);
  });
});
