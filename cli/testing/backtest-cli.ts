import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { backtestCommand } from '../backtest-command.ts';
import { CliError } from '../cli-error.ts';

/** `legflow backtest …` as main runs it, with what it printed on stdout and stderr. */
export async function backtest(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await backtestCommand(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** The one-line error and exit code a failing command gives (main prints `legflow: <message>`). */
export async function refusal(...argv: string[]): Promise<{ exitCode: number; message: string }> {
  const err = await backtest(...argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  const { exitCode, message } = err as CliError;
  return { exitCode, message };
}

/** A file with `text` in a folder of its own, for a command to read. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'legflow-cli-')), name);
  writeFileSync(path, text);
  return path;
}
