import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../testing/browser-session.ts';

/**
 * A page of another origin on the same host (another port): the browser counts it as the same site, so it
 * sends the SameSite=Lax session cookie with the page's form posts. Only the origin check stands between it
 * and the trader's deployments.
 */
let session: Session;
let attacker: Server;
let attackerBase: string;
let deploymentId: string;

beforeAll(async () => {
  session = await openSession();
  const api = session.page.request;
  expect((await api.post('/api/auth/login', { data: { username: 'admin', password: session.password } })).status()).toBe(200);
  const graph: unknown = await (await api.get('/api/templates/short-straddle')).json();
  const { id: graphId } = (await (await api.post('/api/graphs', { data: { graph } })).json()) as { id: string };
  expect((await api.post(`/api/graphs/${graphId}/publish`)).status()).toBe(201);
  const deployed = await api.post('/api/deployments', { data: { graphId, version: 1, mode: 'sim' } });
  deploymentId = ((await deployed.json()) as { id: string }).id;

  // Its front page submits a form to Legflow as soon as it loads, as a forged "click here" would; its other
  // pages are blank, for scripts to run on.
  attacker = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    if (req.url !== '/') return res.end('<p>another site</p>');
    res.end(
      `<form method="POST" action="${session.base}/api/deployments/${deploymentId}/stop"><input name="x" value="1"></form><script>document.forms[0].submit()</script>`,
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerBase = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => attacker?.close(() => resolve()));
  await session?.close();
});

/** Opens Legflow's WebSocket from the page's script: 'open', or 'refused' when the upgrade is turned away. */
const openSocketFromPage = (base: string) =>
  session.page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
      }),
    `${base.replace('http', 'ws')}/ws`,
  );

describe('a page of another origin in Chromium, with the trader signed in', () => {
  it('cannot stop a deployment with a form post: 403 cross_origin, and it keeps running', async () => {
    const stopped = session.page.waitForResponse((r) => r.url().endsWith(`/api/deployments/${deploymentId}/stop`));
    await session.page.goto(attackerBase);
    const res = await stopped;
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
    const deployment = (await (await session.page.request.get(`/api/deployments/${deploymentId}`)).json()) as { status: string };
    expect(deployment.status).toBe('running');
  });

  it('cannot open the WebSocket with the cookie; Legflow’s own page can', async () => {
    await session.page.goto(`${attackerBase}/blank`);
    expect(new URL(session.page.url()).origin).toBe(attackerBase);
    expect(await openSocketFromPage(session.base)).toBe('refused');
    await session.page.goto(session.base);
    expect(await openSocketFromPage(session.base)).toBe('open');
  });
});
