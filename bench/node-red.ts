import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess } from '../testing/legflow-process.ts';

/** 4.x is the last line that runs on Node 20 (5.x needs 22.9). Never a project dependency: installed on demand. */
export const NODE_RED_VERSION = '4.1.8';

/**
 * Node-RED installed into a temporary folder kept per version (an install takes about 20 s; the next run
 * reuses it). Returns the folder, or why it could not be installed.
 */
export function installNodeRed(): { prefix: string } | { problem: string } {
  const prefix = join(tmpdir(), `legflow-bench-node-red-${NODE_RED_VERSION}`);
  if (existsSync(join(prefix, 'node_modules', 'node-red', 'red.js'))) return { prefix };
  mkdirSync(prefix, { recursive: true });
  process.stderr.write(`installing node-red@${NODE_RED_VERSION} into ${prefix} …\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['install', '--prefix', prefix, `node-red@${NODE_RED_VERSION}`, '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0 || !existsSync(join(prefix, 'node_modules', 'node-red', 'red.js'))) {
    return { problem: (run.error?.message ?? run.stderr.trim().split('\n').slice(-3).join(' ')) || `npm exited ${run.status}` };
  }
  return { prefix };
}

/**
 * The transform a user would build in Node-RED for the short-straddle template, without storage: the
 * token and secret checked, the action routed (ENTRY/EXIT, any case), an ENTRY made into two legs (ATM
 * call and put, sold), and a JSON reply. Refusals answer 401 like Legflow's.
 */
export function transformFlow(token: string, secret: string): unknown[] {
  const check = `
const expected = ${JSON.stringify({ token, secret })};
let alert;
try { alert = JSON.parse(msg.payload); } catch (e) { alert = undefined; }
if (msg.req.params.token !== expected.token || !alert || typeof alert !== 'object' || alert.secret !== expected.secret) {
  msg.statusCode = 401;
  msg.payload = { error: { code: 'wrong_secret', message: 'The secret does not match this channel.', details: {} } };
  return [null, msg];
}
delete alert.secret;
msg.payload = alert;
return [msg, null];`;
  const legs = `
const price = Number(msg.payload.price);
const strike = Math.round(price / 50) * 50;
const leg = (right) => ({ symbol: 'NIFTY' + strike + right, side: 'SELL', qty: 75, strike, right });
msg.payload = { status: 'accepted', action: 'ENTRY', legs: [leg('CE'), leg('PE')] };
return msg;`;
  const exit = `msg.payload = { status: 'accepted', action: 'EXIT' };\nreturn msg;`;
  // Ids differ from every name: Node-RED takes a property equal to a node's id for a reference to it.
  const fn = (name: string, func: string, outputs: number, wires: string[][]) => ({
    id: `bench.${name}`,
    type: 'function',
    z: 'bench.tab',
    name,
    func,
    outputs,
    wires,
  });
  return [
    { id: 'bench.tab', type: 'tab', label: 'TradingView transform' },
    { id: 'bench.alert', type: 'http in', z: 'bench.tab', url: '/hooks/tv/:token', method: 'post', upload: false, wires: [['bench.check']] },
    fn('check', check, 2, [['bench.route'], ['bench.reply']]),
    {
      id: 'bench.route',
      type: 'switch',
      z: 'bench.tab',
      property: 'payload.action',
      propertyType: 'msg',
      rules: [
        { t: 'regex', v: '^ENTRY$', vt: 'str', case: true },
        { t: 'regex', v: '^EXIT$', vt: 'str', case: true },
      ],
      checkall: 'false',
      outputs: 2,
      wires: [['bench.legs'], ['bench.exit']],
    },
    fn('legs', legs, 1, [['bench.reply']]),
    fn('exit', exit, 1, [['bench.reply']]),
    { id: 'bench.reply', type: 'http response', z: 'bench.tab', statusCode: '', headers: {}, wires: [] },
  ];
}

/** Node-RED headless on 127.0.0.1: no editor or admin API, no credentials, no update checks. */
export async function startNodeRed(prefix: string, flow: unknown[]): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const userDir = mkdtempSync(join(tmpdir(), 'legflow-bench-node-red-'));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flow));
  const settings = {
    uiPort: port,
    uiHost: '127.0.0.1',
    httpAdminRoot: false,
    httpNodeRoot: '/',
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    runtimeState: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    functionExternalModules: false,
  };
  const settingsFile = join(userDir, 'settings.js');
  writeFileSync(settingsFile, `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  const child = await startProcess([join(prefix, 'node_modules', 'node-red', 'red.js'), '--settings', settingsFile, '--userDir', userDir], {}, 'Started flows');
  return { child, base: `http://127.0.0.1:${port}` };
}
