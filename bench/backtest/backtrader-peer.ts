import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** The last release on PyPI. Never a project dependency: installed on demand into a venv of the bench's own. */
export const BACKTRADER_VERSION = '1.9.78.123';

const SCRIPT = join(import.meta.dirname, 'backtrader_straddle.py');

/**
 * A Python venv with backtrader, in a temporary folder kept per version (the next run reuses it). Returns
 * its interpreter, or why it could not be made.
 */
function installBacktrader(): { python: string } | { problem: string } {
  const venv = join(tmpdir(), `legflow-bench-backtrader-${BACKTRADER_VERSION}`);
  const windows = process.platform === 'win32';
  const python = join(venv, windows ? 'Scripts' : 'bin', windows ? 'python.exe' : 'python');
  if (existsSync(python) && spawnSync(python, ['-c', 'import backtrader']).status === 0) return { python };
  process.stderr.write(`installing backtrader==${BACKTRADER_VERSION} into ${venv} …\n`);
  const made = spawnSync(windows ? 'python' : 'python3', ['-m', 'venv', venv], { encoding: 'utf8', timeout: 120_000 });
  if (made.status !== 0) return { problem: `python3 -m venv failed: ${failure(made)}` };
  const pip = spawnSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `backtrader==${BACKTRADER_VERSION}`], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (pip.status !== 0) return { problem: `pip install backtrader==${BACKTRADER_VERSION} failed: ${failure(pip)}` };
  return { python };
}

const peerTradeSchema = z.object({
  strike: z.number(),
  optionType: z.enum(['CE', 'PE']),
  expiry: z.string(),
  qty: z.number(),
  entryTime: z.string(),
  entryPrice: z.number(),
  exitTime: z.string(),
  exitPrice: z.number(),
  exitReason: z.string(),
});
export type StraddleTrade = z.output<typeof peerTradeSchema>;

const peerOutputSchema = z.object({ trades: z.array(peerTradeSchema), open: z.number(), pnl: z.number(), seconds: z.number(), cpuSeconds: z.number() });
export type PeerYear = z.output<typeof peerOutputSchema>;

/** What the peer prices with: the same volatility, rates and spread as the Legflow run, and the expiries the calendar placed. */
export interface PeerTerms {
  barsFile: string;
  expiries: readonly string[];
  vol: number;
  rate: number;
  dividendYield: number;
  spreadPct: number;
  lotSize: number;
}

/**
 * bench/backtest/backtrader_straddle.py over the bar file, backtrader installed first if need be: its trades,
 * gross P&L and the seconds (wall and CPU) it took to load and play the bars; or why there is no peer figure.
 */
export function backtraderYear(t: PeerTerms): PeerYear | { problem: string } {
  const installed = installBacktrader();
  if ('problem' in installed) return installed;
  process.stderr.write(`backtrader ${BACKTRADER_VERSION} on the same bars …\n`);
  const args = [
    SCRIPT,
    ['--bars', t.barsFile],
    ['--expiries', t.expiries.join(',')],
    ['--vol', t.vol],
    ['--rate', t.rate],
    ['--dividend', t.dividendYield],
    ['--spread', t.spreadPct],
    ['--lot', t.lotSize],
  ].flat();
  const run = spawnSync(installed.python, args.map(String), { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { problem: `the backtrader script failed: ${failure(run)}` };
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    return { problem: `the backtrader script printed no JSON: ${run.stdout.slice(0, 200)}` };
  }
  const parsed = peerOutputSchema.safeParse(json);
  return parsed.success ? parsed.data : { problem: `the backtrader script's JSON is not its result: ${parsed.error.message.slice(0, 300)}` };
}

function failure(run: ReturnType<typeof spawnSync>): string {
  const stderr = String(run.stderr ?? '').trim();
  return (run.error?.message ?? stderr.split('\n').slice(-3).join(' ')) || `exit ${run.status}`;
}
