import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, ROOT, startLegflow, startProcess } from '../testing/legflow-process.ts';
import { arrivalToFill, drained, runCounts } from './legflow-runs.ts';
import { postAlerts, type LoadResult } from './load.ts';
import { installNodeRed, NODE_RED_VERSION, startNodeRed, transformFlow } from './node-red.ts';
import { processCpuMs } from './process-cpu.ts';
import { printTable, quantile } from './table.ts';

/** The floor: node:http that only parses the JSON body and answers, in its own process like Legflow. */
const FLOOR = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try { JSON.parse(Buffer.concat(chunks).toString('utf8')); res.writeHead(200, {'content-type': 'application/json'}); res.end('{"status":"accepted"}'); }
    catch { res.writeHead(400); res.end(); }
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor ready'));
`;

const DURATION_S = 5;
const WARM_UP_S = 1;
const ROUNDS = 3;
const WRITERS = ['thread', 'inline'] as const;
type WriterKind = (typeof WRITERS)[number];

/** One server under load; `dataDir` for Legflow, whose throughput counts completed runs, not answers. */
interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  dataDir?: string;
}

interface Round {
  load: LoadResult;
  /** Alerts per second: answered (floor, Node-RED), or runs completed until none is pending (Legflow). */
  perSecond: number;
  cpuUsPerAlert: number;
  completed?: number;
  failed?: number;
}

/**
 * `npm run bench -- webhook [thread|inline] [--baseline=DIR]`: TradingView alerts at 1 and 32 connections
 * (each server warmed up first) against a bare node:http floor, Node-RED running the same transform without storage (installed on
 * demand), and the real Legflow server's whole path (journal, run, SIM fill) for each writer mode asked
 * for (both by default), in rounds that alternate between them; then 200 alerts/s for 10 s, arrival → SIM
 * fill. `--baseline=DIR` adds the Legflow of another checkout (say, the last commit) to the same rounds:
 * before and after figures from one run.
 */
export default async function webhookBench(args: string[]): Promise<void> {
  const writers = WRITERS.filter((w) => args.includes(w));
  if (writers.length === 0) writers.push(...WRITERS);
  const baseline = args.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length);
  const children: ChildProcess[] = [];
  try {
    const floorPort = await freePort();
    children.push(await startProcess(['-e', FLOOR], { PORT: String(floorPort) }, 'floor ready'));
    const legflows: Array<Target & { writer: WriterKind; secret: string; dataDir: string }> = [];
    for (const [root, label] of [[ROOT, ''], ...(baseline ? [[resolve(baseline), ', baseline']] : [])] as const) {
      for (const writer of writers) {
        // Alerts are unique, so the default duplicate window costs its look-up and refuses nothing.
        const server = await startLegflow({ LEGFLOW_WEBHOOK_RATE_PER_MINUTE: '10000000', LEGFLOW_WRITER: writer }, root);
        children.push(server.child);
        const hook = await deploy(server.base, server.password);
        legflows.push({
          name: `Legflow whole path (writer: ${writer}${label})`,
          url: hook.url,
          child: server.child,
          dataDir: server.dataDir,
          writer,
          secret: hook.secret,
        });
      }
    }
    const { secret } = legflows[0]!;
    const token = new URL(legflows[0]!.url).pathname.split('/').pop()!;
    const targets: Target[] = [{ name: 'bare node:http (floor)', url: `http://127.0.0.1:${floorPort}/hooks/tv/${token}`, child: children[0]! }];
    const installed = installNodeRed();
    if ('prefix' in installed) {
      const nodeRed = await startNodeRed(installed.prefix, transformFlow(token, secret));
      children.push(nodeRed.child);
      const url = `${nodeRed.base}/hooks/tv/${token}`;
      const problem = await firstAnswerProblem(url, secret, (body) => Array.isArray(body.legs) && body.legs.length === 2);
      if (problem) process.stderr.write(`Node-RED skipped: its flow did not answer an ENTRY alert with two legs (${problem}).\n`);
      else targets.push({ name: `Node-RED ${NODE_RED_VERSION} (transform only)`, url, child: nodeRed.child });
    } else {
      process.stderr.write(`Node-RED skipped: node-red@${NODE_RED_VERSION} could not be installed (${installed.problem}).\n`);
    }
    // The floor and Node-RED are sent the first Legflow channel's token and secret; each Legflow its own.
    targets.push(...legflows);
    const secrets = new Map(legflows.map((l) => [l.url, l.secret]));

    const rows: Array<Record<string, string | number>> = [];
    for (const connections of [1, 32]) {
      const rounds = new Map<Target, Round[]>(targets.map((t) => [t, []]));
      // Each server first answers for WARM_UP_S unmeasured: code paths compile on first use, in every server alike.
      for (const t of targets) await measure(t, secrets.get(t.url) ?? secret, connections, WARM_UP_S);
      // Servers alternate, ROUNDS times each: the machine's speed drifts, so each is judged on its medians.
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) rounds.get(t)!.push(await measure(t, secrets.get(t.url) ?? secret, connections));
      }
      const nodeRedRounds = [...rounds].find(([t]) => t.name.startsWith('Node-RED'))?.[1];
      for (const [t, rs] of rounds) rows.push(row(t, connections, rs, nodeRedRounds));
    }
    printTable(`TradingView webhook, ${ROUNDS} alternating rounds of ${DURATION_S} s (medians; ranges in brackets)`, rows);

    const fixedRows: Array<Record<string, string | number>> = [];
    for (const l of legflows) {
      const since = Date.now();
      const fixed = await postAlerts(l.url, l.secret, 10, { duration: 10, overallRate: 200 });
      await drained(l.dataDir);
      const latencies = arrivalToFill(l.dataDir, since);
      fixedRows.push({
        server: l.name,
        alerts: fixed.answers,
        'reply p99 ms': fixed.p99,
        'entries measured': latencies.length,
        'arrival→fill p50 ms': quantile(latencies, 0.5),
        'arrival→fill p99 ms': quantile(latencies, 0.99),
        'arrival→fill max ms': Math.max(...latencies),
      });
    }
    printTable('200 alerts/s for 10 s: arrival → SIM order filled (target p99 under 10 ms)', fixedRows);
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

/** One round against one server. Legflow's round ends when no acknowledged run is pending. */
async function measure(t: Target, secret: string, connections: number, duration = DURATION_S): Promise<Round> {
  const before = t.dataDir ? runCounts(t.dataDir) : undefined;
  const cpuBefore = processCpuMs(t.child.pid!);
  const started = performance.now();
  const load = await postAlerts(t.url, secret, connections, { duration });
  const after = t.dataDir ? await drained(t.dataDir) : undefined;
  const seconds = t.dataDir ? (performance.now() - started) / 1000 : load.seconds;
  const cpuUsPerAlert = Math.round(((processCpuMs(t.child.pid!) - cpuBefore) * 1000) / load.answers);
  if (!before || !after) return { load, perSecond: (load.answers - load.non2xx) / seconds, cpuUsPerAlert };
  const completed = after.completed - before.completed;
  return { load, perSecond: completed / seconds, cpuUsPerAlert, completed, failed: after.failed - before.failed };
}

function row(t: Target, connections: number, rs: Round[], nodeRed: Round[] | undefined): Record<string, string | number> {
  const perSecond = median(rs.map((r) => r.perSecond));
  const p50 = median(rs.map((r) => r.load.p50));
  const vsNodeRed =
    nodeRed && t.dataDir
      ? `${(perSecond / median(nodeRed.map((r) => r.perSecond))).toFixed(2)}× / ${(p50 / median(nodeRed.map((r) => r.load.p50))).toFixed(2)}×`
      : '-';
  return {
    server: t.name,
    connections,
    'alerts/s': `${Math.round(perSecond)} (${range(
      rs.map((r) => r.perSecond),
      0,
    )})`,
    'p50 ms': `${p50.toFixed(3)} (${range(
      rs.map((r) => r.load.p50),
      3,
    )})`,
    'p99 ms': `${median(rs.map((r) => r.load.p99)).toFixed(2)} (${range(
      rs.map((r) => r.load.p99),
      2,
    )})`,
    'max ms': Math.max(...rs.map((r) => r.load.max)).toFixed(1),
    'vs Node-RED: alerts/s / p50': vsNodeRed,
    'non-2xx + errors': sum(rs.map((r) => r.load.non2xx + r.load.errors)),
    'runs completed (failed)': t.dataDir ? `${sum(rs.map((r) => r.completed ?? 0))} (${sum(rs.map((r) => r.failed ?? 0))})` : '-',
    'CPU µs/alert': median(rs.map((r) => r.cpuUsPerAlert)),
  };
}

/** Why a server's answer to one ENTRY alert is not a 200 passing `ok`, or undefined when it is. */
async function firstAnswerProblem(url: string, secret: string, ok: (body: Record<string, unknown>) => boolean): Promise<string | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ secret, action: 'ENTRY', price: '25900.5' }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    return res.status === 200 && ok(body) ? undefined : `${res.status} ${text.slice(0, 200)}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function deploy(base: string, password: string): Promise<{ url: string; secret: string }> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    ).json()) as Record<string, unknown>;
  const graph = JSON.parse(readFileSync(join(ROOT, 'templates', 'short-straddle.graph.json'), 'utf8')) as unknown;
  const { id } = await post('/api/graphs', { graph });
  await post(`/api/graphs/${id as string}/publish`, {});
  const dep = await post('/api/deployments', { graphId: id, version: 1, mode: 'sim' });
  const channel = (dep.channels as Array<{ url: string; secret: string }>)[0]!;
  return { url: channel.url, secret: channel.secret };
}

function median(values: readonly number[]): number {
  return quantile([...values], 0.5);
}

function range(values: readonly number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
