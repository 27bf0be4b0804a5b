import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { z } from 'zod';
import type { backtestJob } from '../../../contracts/backtests.ts';
import type { TestApp } from '../../testing/app.ts';

export type Job = z.output<typeof backtestJob>;

const root = join(import.meta.dirname, '..', '..', '..');

/** A template's graph JSON as shipped. */
export function templateGraph(template = 'short-straddle'): unknown {
  return JSON.parse(readFileSync(join(root, 'templates', `${template}.graph.json`), 'utf8'));
}

/** The template's own signals file (ENTRY and EXIT on 20, 23 and 25 Nov 2026). */
export function templateSignals(template = 'short-straddle'): string {
  return readFileSync(join(root, 'templates', `${template}.signals.csv`), 'utf8');
}

/** An ENTRY at 09:30 and an EXIT at 14:00 IST on every weekday of `year` (holidays too: the graph refuses those). */
export function everyWeekdaySignals(year: number): string {
  const lines = ['time,action'];
  for (let ms = Date.UTC(year, 0, 1); new Date(ms).getUTCFullYear() === year; ms += 86_400_000) {
    const day = new Date(ms);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const date = day.toISOString().slice(0, 10);
    lines.push(`${date} 09:30,ENTRY`, `${date} 14:00,EXIT`);
  }
  return `${lines.join('\n')}\n`;
}

/** Creates a graph from a template as the cookie's user and publishes it (version 1); its id. */
export async function publishTemplate(t: TestApp, cookie: string, template = 'short-straddle'): Promise<string> {
  const created = await request(t.app)
    .post('/api/graphs')
    .set('Cookie', cookie)
    .send({ graph: templateGraph(template) })
    .expect(201);
  const graphId = (created.body as { id: string }).id;
  await request(t.app).post(`/api/graphs/${graphId}/publish`).set('Cookie', cookie).expect(201);
  return graphId;
}

/** POSTs a backtest request as the cookie's user: the answer (202 with the queued job, or an error). */
export function postBacktest(t: TestApp, cookie: string, body: unknown): request.Test {
  return request(t.app)
    .post('/api/backtests')
    .set('Cookie', cookie)
    .send(body as object);
}

/** Reads a job until `ready` holds of it. */
export async function jobWhen(t: TestApp, cookie: string, id: string, ready: (job: Job) => boolean): Promise<Job> {
  for (let i = 0; i < 1_200; i++) {
    const job = (await request(t.app).get(`/api/backtests/${id}`).set('Cookie', cookie).expect(200)).body as Job;
    if (ready(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`backtest ${id} never reached the state the test waits for`);
}

/** Reads a job until it is no longer queued or running: the test waits no longer than the job takes. */
export function settledJob(t: TestApp, cookie: string, id: string): Promise<Job> {
  return jobWhen(t, cookie, id, (job) => job.status !== 'queued' && job.status !== 'running');
}
