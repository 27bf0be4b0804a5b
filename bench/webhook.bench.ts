import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { freePort, ROOT, startLegflow, startProcess } from './server-process.ts';
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
const ROUNDS = 3;

/**
 * `npm run bench -- webhook`: TradingView alerts against the real server (its own process, SQLite journal,
 * SIM execution, logging off) at concurrency 1 and 32, beside a bare node:http server that only parses JSON;
 * then 200 alerts/s for 10 s, timing arrival → SIM order filled from the journal and the order rows. Both
 * writer modes (LEGFLOW_WRITER thread and inline), each in its own server.
 */
export default async function webhookBench(): Promise<void> {
  const floorPort = await freePort();
  const floor = await startProcess(['-e', FLOOR], { PORT: String(floorPort) }, 'floor ready');
  const rows: Array<Record<string, string | number>> = [];
  const fixedRows: Array<Record<string, string | number>> = [];
  try {
    // Each writer mode in its own server; the floor is measured again beside each, since the machine drifts.
    for (const writer of ['thread', 'inline'] as const) {
      const legflow = await startLegflow({ LEGFLOW_WEBHOOK_RATE_PER_MINUTE: '10000000', LEGFLOW_DEDUPE_SECONDS: '0', LEGFLOW_WRITER: writer });
      try {
        const hook = await deploy(legflow.base, legflow.password);
        for (const connections of [1, 32]) {
          // Floor and Legflow alternate, ROUNDS times each: the machine's speed drifts between runs, and the
          // share of the floor is taken from the medians.
          const floorRuns: autocannon.Result[] = [];
          const legflowRuns: Array<{ r: autocannon.Result; runsPerS: number; drained: number; cpuMain: number; cpuAll: number }> = [];
          for (let round = 0; round < ROUNDS; round++) {
            floorRuns.push(await load(`http://127.0.0.1:${floorPort}/`, hook.secret, connections, { duration: DURATION_S }));
            const before = completedRuns(legflow.dataDir);
            const started = Date.now();
            const cpuBefore = processCpuMs(legflow.child.pid!);
            const r = await load(hook.url, hook.secret, connections, { duration: DURATION_S });
            const drained = await waitForRuns(legflow.dataDir);
            const cpuAfter = processCpuMs(legflow.child.pid!);
            const runsPerS = Math.round((completedRuns(legflow.dataDir) - before) / ((Date.now() - started) / 1000));
            const perAlert = (ms: number) => Math.round((ms * 1000) / r.requests.total);
            legflowRuns.push({ r, runsPerS, drained, cpuMain: perAlert(cpuAfter.main - cpuBefore.main), cpuAll: perAlert(cpuAfter.all - cpuBefore.all) });
          }
          const floorRps = median(floorRuns.map((r) => r.requests.average));
          const legflowRps = median(legflowRuns.map((x) => x.r.requests.average));
          rows.push({
            server: 'bare node:http (floor)',
            concurrency: connections,
            'requests/s (median; range)': `${Math.round(floorRps)} (${range(floorRuns.map((r) => r.requests.average))})`,
            'reply p50 / p99 ms': `${median(floorRuns.map((r) => r.latency.p50))} / ${median(floorRuns.map((r) => r.latency.p99))}`,
            '% of floor': '-',
            non2xx: sum(floorRuns.map((r) => r.non2xx)),
            'runs done/s': '-',
            'backlog drained s': '-',
            'CPU µs/alert main (all threads)': '-',
          });
          rows.push({
            server: `Legflow webhook (writer: ${writer})`,
            concurrency: connections,
            'requests/s (median; range)': `${Math.round(legflowRps)} (${range(legflowRuns.map((x) => x.r.requests.average))})`,
            'reply p50 / p99 ms': `${median(legflowRuns.map((x) => x.r.latency.p50))} / ${median(legflowRuns.map((x) => x.r.latency.p99))}`,
            '% of floor': `${((100 * legflowRps) / floorRps).toFixed(1)} %`,
            non2xx: sum(legflowRuns.map((x) => x.r.non2xx)),
            'runs done/s': median(legflowRuns.map((x) => x.runsPerS)),
            'backlog drained s': Math.max(...legflowRuns.map((x) => x.drained)),
            'CPU µs/alert main (all threads)': `${median(legflowRuns.map((x) => x.cpuMain))} (${median(legflowRuns.map((x) => x.cpuAll))})`,
          });
        }
        const since = Date.now();
        const fixed = await load(hook.url, hook.secret, 10, { duration: 10, overallRate: 200 });
        await waitForRuns(legflow.dataDir);
        const latencies = arrivalToFill(legflow.dataDir, since);
        fixedRows.push({
          writer,
          alerts: fixed.requests.total,
          'reply p99 ms': fixed.latency.p99,
          'entries measured': latencies.length,
          'arrival→fill p50 ms': quantile(latencies, 0.5),
          'arrival→fill p99 ms': quantile(latencies, 0.99),
          'arrival→fill max ms': Math.max(...latencies),
        });
      } finally {
        legflow.child.kill('SIGTERM');
      }
    }
    printTable('TradingView webhook (ENTRY/EXIT alerts alternating; each ENTRY fills 2 SIM orders)', rows);
    printTable('200 alerts/s for 10 s: arrival → SIM order filled (target p99 under 10 ms)', fixedRows);
  } finally {
    floor.kill('SIGTERM');
  }
}

async function deploy(base: string, password: string): Promise<{ url: string; secret: string }> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const post = async (path: string, body: unknown) =>
    (await (await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
  const graph = JSON.parse(readFileSync(join(ROOT, 'templates', 'short-straddle.graph.json'), 'utf8')) as unknown;
  const { id } = await post('/api/graphs', { graph });
  await post(`/api/graphs/${id as string}/publish`, {});
  const dep = await post('/api/deployments', { graphId: id, version: 1, mode: 'sim' });
  const channel = (dep.channels as Array<{ url: string; secret: string }>)[0]!;
  return { url: channel.url, secret: channel.secret };
}

let counter = 0;

function load(url: string, secret: string, connections: number, opts: { duration: number; overallRate?: number }): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: opts.duration,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: { 'content-type': 'text/plain' },
    requests: [
      {
        setupRequest: (req) => {
          const n = counter++;
          return { ...req, body: JSON.stringify({ secret, action: n % 2 === 0 ? 'ENTRY' : 'EXIT', price: '25900.5', n }) };
        },
      },
    ],
  });
}

function median(values: readonly number[]): number {
  return quantile([...values], 0.5);
}

function range(values: readonly number[]): string {
  return `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** CPU time the server has used, ms: its main thread, and all its threads (writer, checkpoints, libuv). */
function processCpuMs(pid: number): { main: number; all: number } {
  const ticks = (task: string) => {
    const fields = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const tick = 1000 / 100; // USER_HZ
  let all = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) all += ticks(task);
  return { main: ticks(String(pid)) * tick, all: all * tick };
}

function db(dataDir: string): BetterSqlite3.Database {
  return new BetterSqlite3(join(dataDir, 'legflow.db'), { readonly: true });
}

function completedRuns(dataDir: string): number {
  const d = db(dataDir);
  try {
    return (d.prepare("SELECT COUNT(*) AS n FROM signal_runs WHERE status <> 'queued' AND status <> 'running'").get() as { n: number }).n;
  } finally {
    d.close();
  }
}

/** Seconds until every acknowledged run has finished. */
async function waitForRuns(dataDir: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const d = db(dataDir);
    const pending = (d.prepare("SELECT COUNT(*) AS n FROM signal_runs WHERE status IN ('queued', 'running')").get() as { n: number }).n;
    d.close();
    if (pending === 0) return Math.round((Date.now() - t0) / 100) / 10;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Per ENTRY signal since `since`: its last entry order's fill time minus the signal's arrival, in ms. */
function arrivalToFill(dataDir: string, since: number): number[] {
  const d = db(dataDir);
  try {
    const arrivals = new Map(
      (d.prepare("SELECT id, received_at FROM signals WHERE received_at >= ? AND action = 'ENTRY'").all(since) as Array<{ id: string; received_at: number }>).map((r) => [r.id, r.received_at]),
    );
    const filled = new Map<string, number>();
    for (const o of d.prepare("SELECT client_order_id, updated_at FROM orders WHERE status = 'FILLED' AND created_at >= ?").all(since) as Array<{ client_order_id: string; updated_at: number }>) {
      const signalId = o.client_order_id.split(':')[1] ?? '';
      if (arrivals.has(signalId)) filled.set(signalId, Math.max(filled.get(signalId) ?? 0, o.updated_at));
    }
    return [...filled].map(([id, at]) => at - arrivals.get(id)!);
  } finally {
    d.close();
  }
}
