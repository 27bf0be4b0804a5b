import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { edge, graph, node } from '../runtime/testing/graph.ts';
import { freePort, ROOT, startProcess } from '../testing/legflow-process.ts';
import { printTable, quantile } from './table.ts';

const PASSWORD = 'bench-password-1';
const TRIALS = 30;
/** B's alert leaves this long after A's: A's run has begun (its journal entry takes about a millisecond). */
const B_AFTER_MS = 5;

/**
 * `npm run bench -- long-run`: how long deployment B's TradingView alert waits for its answer while
 * deployment A runs a 1,000-node graph (999 nodes after its source: sets and conditions taking turns), the
 * server in its own process. Three rows: B alone (the peer), B beside A's run as runs go now (handing the
 * thread back every 16 nodes or 5 ms), and B beside A's run with the hand-back turned off (as before).
 */
export default async function longRunBench(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const handBack of [true, false]) {
    const server = await startServer(handBack);
    try {
      const api = await signIn(server.base);
      const long = await deploy(api, longGraph(999));
      const other = await deploy(
        api,
        graph(
          [node('tv', 'source.tradingview', { channel: 'other' }), node('note', 'exec.notify', { message: 'B {{action}}' })],
          [edge('tv', 'signal', 'note')],
        ),
      );
      if (handBack) {
        const alone: number[] = [];
        for (let i = 0; i < TRIALS * 2; i++) alone.push((await alert(other, `alone-${i}`)).ms);
        rows.push(row('B alone (no other run)', alone, [], []));
      }
      await alert(long, 'warm-up').then((a) => finished(api, a.signalId));
      const waits: number[] = [];
      const runs: number[] = [];
      const during: boolean[] = [];
      for (let i = 0; i < TRIALS; i++) {
        const sentA = Date.now();
        const a = alert(long, `a-${i}`);
        await new Promise((resolve) => setTimeout(resolve, B_AFTER_MS));
        const sentB = Date.now();
        const b = await alert(other, `b-${i}`);
        const run = await finished(api, (await a).signalId);
        waits.push(b.ms);
        runs.push(run.durationMs);
        // Sent while A's run was going: after A's alert was received and before its run ended.
        during.push(sentB >= Math.min(run.receivedAt, sentA) && sentB <= run.receivedAt + run.durationMs);
      }
      rows.push(
        row(`B beside A's 1,000-node run, ${handBack ? 'handing back every 16 nodes / 5 ms (now)' : 'never handing back (before)'}`, waits, runs, during),
      );
    } finally {
      server.child.kill('SIGTERM');
    }
  }
  printTable(`Deployment B's alert answered while deployment A runs 1,000 nodes (${TRIALS} trials, B sent ${B_AFTER_MS} ms after A)`, rows);
}

function row(name: string, waits: number[], runs: number[], during: boolean[]): Record<string, string | number> {
  return {
    case: name,
    alerts: waits.length,
    'B answer p50 ms': quantile(waits, 0.5),
    'B answer p99 ms': quantile(waits, 0.99),
    'B answer max ms': Math.max(...waits),
    'sent during A run': runs.length ? `${during.filter(Boolean).length}/${during.length}` : '-',
    'A run p50 ms': runs.length ? quantile(runs, 0.5) : '-',
  };
}

/** TradingView → `length` nodes in a row: a set node counting, then a condition on the count, in turn. */
function longGraph(length: number) {
  const nodes: unknown[] = [node('tv', 'source.tradingview', { channel: 'long' })];
  const edges: unknown[] = [];
  let from = { id: 'tv', port: 'signal' };
  for (let i = 0; i < length; i++) {
    const id = `n${i}`;
    if (i % 2 === 0) nodes.push(node(id, 'transform.set', { fields: { count: { '+': [{ var: ['vars.count', 0] }, 1] } } }));
    else nodes.push(node(id, 'transform.condition', { rule: { '<': [{ var: ['vars.count', 0] }, 1_000_000] } }));
    edges.push(edge(from.id, from.port, id));
    from = { id, port: i % 2 === 0 ? 'out' : 'true' };
  }
  return graph(nodes, edges);
}

async function startServer(handBack: boolean) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'legflow-bench-long-run-'));
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LEGFLOW_DATA: dataDir,
    LEGFLOW_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
    LEGFLOW_SIM_CLOCK: 'replay',
    LEGFLOW_WEBHOOK_RATE_PER_MINUTE: '10000000',
    LEGFLOW_DEDUPE_SECONDS: '0',
  };
  const args = ['--import', 'tsx', join(ROOT, 'bench', 'long-run-server.ts'), ...(handBack ? [] : ['--no-hand-back'])];
  const child = await startProcess(args, env, 'Legflow is running at');
  return { child, base: `http://127.0.0.1:${port}` };
}

type Api = (path: string, body?: unknown) => Promise<Record<string, unknown>>;

async function signIn(base: string): Promise<Api & { base: string }> {
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
    return (await res.json()) as Record<string, unknown>;
  };
  return Object.assign(api, { base });
}

interface Hook {
  url: string;
  secret: string;
}

async function deploy(api: Api, g: unknown): Promise<Hook> {
  const { id } = await api('/api/graphs', { graph: g });
  const published = await api(`/api/graphs/${id as string}/publish`, {});
  if (published.error) throw new Error(`publish failed: ${JSON.stringify(published.error)}`);
  const dep = await api('/api/deployments', { graphId: id, version: 1, mode: 'sim' });
  const channel = (dep.channels as Array<{ url: string; secret: string }>)[0]!;
  return { url: channel.url, secret: channel.secret };
}

/** Sends one alert; resolves with its signal id and how long its answer took. */
async function alert(hook: Hook, n: string): Promise<{ signalId: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(hook.url, { method: 'POST', body: JSON.stringify({ secret: hook.secret, action: 'ENTRY', n }) });
  const body = (await res.json()) as { signalId?: string; status?: string };
  const ms = performance.now() - t0;
  if (res.status !== 200 || body.status !== 'accepted') throw new Error(`alert ${n}: ${res.status} ${JSON.stringify(body)}`);
  return { signalId: body.signalId!, ms };
}

/** Waits for A's run to end (all 1,000 nodes); its arrival (wall clock) and how long the run took. */
async function finished(api: Api, signalId: string): Promise<{ receivedAt: number; durationMs: number }> {
  for (;;) {
    const s = await api(`/api/signals/${signalId}`);
    if (s.status === 'completed') {
      const run = (s.runs as Array<{ trace: { durationUs: number; steps: unknown[] } }>)[0]!;
      if (run.trace.steps.length !== 1_000) throw new Error(`A's run made ${run.trace.steps.length} node runs, not 1,000`);
      return { receivedAt: Date.parse(s.receivedAt as string), durationMs: run.trace.durationUs / 1000 };
    }
    if (s.status !== 'accepted' && s.status !== 'running') throw new Error(`signal ${signalId} ended ${String(s.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
