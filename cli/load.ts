import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cli-error.ts';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Reads and parses a JSON file, turning every failure into a message that names the file. */
export function readJsonFile(path: string, what: string): unknown {
  return parseJson(readTextFile(path, what), `${what} file ${path}`);
}

/** Reads a text file of at most `maxBytes` (5 MB unless said), turning every failure into a message that names the file. */
export function readTextFile(path: string, what: string, maxBytes = MAX_FILE_BYTES): string {
  try {
    const size = statSync(path).size;
    if (size > maxBytes) throw new CliError(`${what} file ${path} is ${size} bytes; the limit is ${maxBytes}.`);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${what} file not found: ${path}`);
    if (code === 'EISDIR') throw new CliError(`${what} path is a folder, not a file: ${path}`);
    throw new CliError(`cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
}

/** `--signal` takes inline JSON (starts with "{") or a path to a JSON file. */
export function readSignalArg(arg: string): { value: unknown; raw: string } {
  const trimmed = arg.trim();
  if (trimmed.startsWith('{')) return { value: parseJson(trimmed, 'the --signal JSON'), raw: trimmed };
  const value = readJsonFile(arg, 'signal');
  return { value, raw: JSON.stringify(value) };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}
