import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Each writer mode gets its own data folder; the tests of one mode share it, in order. */
let dataDir = '';
let writer: 'inline' | 'thread' = 'inline';
const PASSWORD = 'crash-test-password';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `legflow start` as a real child process; resolves once it prints its URL, with what it printed. */
async function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'legflow.js'), 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEGFLOW_DATA: dataDir,
      LEGFLOW_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
      LEGFLOW_TICK_MS: '200',
      LEGFLOW_WRITER: writer,
      // Trading sessions whatever the hour: the entries must fill at night and at weekends too.
      LEGFLOW_SIM_CLOCK: 'replay',
      // Room for every straddle of the burst under the SIM's margin check (a 1-lot straddle needs lakhs).
      LEGFLOW_SIM_CAPITAL: '10000000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('Legflow is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { child, output: () => output };
}

describe.each(['inline', 'thread'] as const)('crash safety with the %s writer', (mode) => {
  beforeAll(() => {
    writer = mode;
    dataDir = mkdtempSync(join(tmpdir(), `legflow-crash-${mode}-`));
  });

  it('every signal answered 200 is executed exactly once after a SIGKILL in the middle of a burst', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = (await start(port)).child;

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = async (path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return (await res.json()) as Record<string, unknown> & Array<Record<string, unknown>>;
    };
    // The short straddle with a 50 ms wait first, so runs queue up behind each other and the kill finds
    // acknowledged signals not yet run (and, likely, one between its two orders).
    const graph = JSON.parse(readFileSync(join(root, 'templates', 'short-straddle.graph.json'), 'utf8')) as {
      nodes: Array<Record<string, unknown>>;
      edges: Array<Record<string, unknown>>;
    };
    graph.nodes.push({ id: 'wait', type: 'transform.delay', typeVersion: 1, position: { x: 120, y: 100 }, params: { seconds: 0.05 } });
    graph.edges = graph.edges.filter((e) => e.source !== 'tv');
    graph.edges.push({ id: 'tv-wait', source: 'tv', sourceHandle: 'signal', target: 'wait', targetHandle: 'in' });
    graph.edges.push({ id: 'wait-route', source: 'wait', sourceHandle: 'out', target: 'route', targetHandle: 'in' });
    const { id: graphId } = await api('/api/graphs', { graph });
    await api(`/api/graphs/${graphId}/publish`, {});
    const deployment = await api('/api/deployments', { graphId, version: 1, mode: 'sim' });
    const channel = (deployment.channels as Array<{ url: string; secret: string }>)[0]!;
    const hook = new URL(channel.url).pathname;

    // A burst of distinct ENTRY alerts, 8 in flight at a time; the process is killed after the 25th answer.
    const acknowledged: string[] = [];
    let sent = 0;
    const total = 80;
    const worker = async () => {
      while (sent < total) {
        const n = sent++;
        try {
          const res = await fetch(`${base}${hook}`, { method: 'POST', body: JSON.stringify({ secret: channel.secret, action: 'ENTRY', n }) });
          if (res.status === 200) {
            const body = (await res.json()) as { signalId: string; status: string };
            expect(body.status).toBe('accepted');
            acknowledged.push(body.signalId);
            if (acknowledged.length === 25) server.kill('SIGKILL');
          }
        } catch {
          // The connection died with the process: not acknowledged, TradingView would see a failure.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await new Promise<void>((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.once('exit', () => resolve())));
    expect(server.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    const restarted = await start(port);
    server = restarted.child;
    const resumed = Number(/Resumed (\d+) signal run/.exec(restarted.output())?.[1] ?? 0);
    expect(resumed).toBeGreaterThan(0);
    const relogin = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie2 = relogin.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (path: string) => (await (await fetch(`${base}${path}`, { headers: { cookie: cookie2 } })).json()) as Array<Record<string, unknown>>;
    let signals: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 200; i++) {
      signals = await get(`/api/signals?limit=500&deploymentId=${deployment.id as string}`);
      if (signals.every((s) => s.status !== 'accepted' && s.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const byId = new Map(signals.map((s) => [s.id as string, s]));
    for (const id of acknowledged) expect(byId.get(id)?.status).toBe('completed');

    // Exactly two entry orders per journaled signal: none missing, none twice.
    const orders = await get(`/api/orders?deploymentId=${deployment.id as string}`);
    const entries = orders.filter((o) => String(o.clientOrderId).includes(':enter:'));
    const perSignal = new Map<string, number>();
    for (const o of entries) {
      const signalId = String(o.clientOrderId).split(':')[1]!;
      perSignal.set(signalId, (perSignal.get(signalId) ?? 0) + 1);
      expect(o.status).toBe('FILLED');
    }
    expect(new Set(entries.map((o) => o.clientOrderId)).size).toBe(entries.length);
    for (const s of signals) expect([s.id, perSignal.get(s.id as string)]).toEqual([s.id, 2]);
    expect(entries.length).toBe(2 * signals.length);
    server.kill('SIGTERM');
  }, 90_000);

  it('SIGTERM finishes queued work, closes the database and exits 0; the next start finds everything', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, output } = await start(port);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // Ten alerts to the deployment of the first test (each run waits 50 ms): queued when SIGTERM arrives.
    const [deployment] = (await (await fetch(`${base}/api/deployments`, { headers: { cookie } })).json()) as Array<{ id: string }>;
    const detail = (await (await fetch(`${base}/api/deployments/${deployment!.id}`, { headers: { cookie } })).json()) as {
      channels: Array<{ url: string; secret: string }>;
    };
    const channel = detail.channels[0]!;
    for (let n = 0; n < 10; n++) {
      const res = await fetch(`${base}${new URL(channel.url).pathname}`, {
        method: 'POST',
        body: JSON.stringify({ secret: channel.secret, action: 'ENTRY', n: `term-${n}` }),
      });
      expect(res.status).toBe(200);
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/SIGTERM: finishing queued work and closing the database/);
    const again = await start(port);
    expect(again.output()).not.toMatch(/Resumed/);
    const relogin = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie2 = relogin.headers.get('set-cookie')!.split(';')[0]!;
    const after = (await (await fetch(`${base}/api/signals?limit=500`, { headers: { cookie: cookie2 } })).json()) as Array<{ status: string }>;
    expect(after.filter((s) => s.status !== 'completed')).toEqual([]);
    again.child.kill('SIGTERM');
  }, 60_000);
});
