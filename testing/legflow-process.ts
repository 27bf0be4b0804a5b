import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command until it prints `ready`; the benchmark's servers live in their own processes. */
export async function startProcess(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${output}`)), 30_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return child;
}

/**
 * A Legflow server (`legflow start`) on a fresh data folder; returns its URL and data folder. Its SIM
 * practises on trading sessions (`LEGFLOW_SIM_CLOCK=replay`), so what it measures or drives trades at any hour.
 */
export async function startLegflow(
  extraEnv: Record<string, string> = {},
  /** Another checkout's root, to measure it beside this one (`npm run bench -- webhook --baseline=DIR`). */
  root = ROOT,
): Promise<{ child: ChildProcess; base: string; dataDir: string; password: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'legflow-bench-'));
  const password = 'bench-password-1';
  const child = await startProcess(
    [join(root, 'bin', 'legflow.js'), 'start'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LEGFLOW_DATA: dataDir,
      LEGFLOW_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'silent',
      LEGFLOW_SIM_CLOCK: 'replay',
      LEGFLOW_SIM_CAPITAL: '10000000000',
      ...extraEnv,
    },
    'Legflow is running at',
  );
  return { child, base: `http://127.0.0.1:${port}`, dataDir, password };
}
