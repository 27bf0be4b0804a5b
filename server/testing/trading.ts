import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { TestApp, TestUsername } from './app.ts';

export interface Deployed {
  graphId: string;
  deploymentId: string;
  /** Path part of the TradingView webhook URL. */
  hookPath: string;
  secret: string;
  alertMessage: string;
}

/** What a trader does with curl: create a graph from a template, publish it, deploy it to SIM. */
export async function deployTemplate(t: TestApp, user: TestUsername, template = 'short-straddle'): Promise<Deployed> {
  return deployGraph(t, user, JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'templates', `${template}.graph.json`), 'utf8')));
}

/** Creates, publishes and deploys a graph to SIM as `user`. */
export async function deployGraph(t: TestApp, user: TestUsername, graph: unknown): Promise<Deployed> {
  const cookie = await t.login(user);
  const created = await request(t.app).post('/api/graphs').set('Cookie', cookie).send({ graph }).expect(201);
  const graphId = (created.body as { id: string }).id;
  await request(t.app).post(`/api/graphs/${graphId}/publish`).set('Cookie', cookie).expect(201);
  const dep = await request(t.app).post('/api/deployments').set('Cookie', cookie).send({ graphId, version: 1, mode: 'sim' }).expect(201);
  const body = dep.body as { id: string; channels: Array<{ url: string; secret?: string; alertMessage?: string; source: string }> };
  const tv = body.channels.find((c) => c.source === 'tradingview');
  return {
    graphId,
    deploymentId: body.id,
    hookPath: tv ? new URL(tv.url).pathname : '',
    secret: tv?.secret ?? '',
    alertMessage: tv?.alertMessage ?? '',
  };
}

/** Lets every queued run finish. */
export async function settle(t: TestApp): Promise<void> {
  if (!(await t.ctx.engine.drain(10_000))) throw new Error('runs did not finish within 10 s');
}
