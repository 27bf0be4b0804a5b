import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { MarketError } from './market-error.ts';

/**
 * Parses a user-editable data value (instruments, holidays, market settings) with its schema. Every problem
 * is listed with its path, so a user editing the file sees what to fix and where.
 */
export function parseDataFile<S extends z.ZodType>(schema: S, value: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  throw new MarketError('INVALID_DATA', `${source} is not valid:\n  ${problems.join('\n  ')}`, { source, problems });
}

/** Reads a JSON data file from disk and parses it with its schema. */
export function loadDataFile<S extends z.ZodType>(schema: S, path: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MarketError('DATA_FILE_UNREADABLE', `Cannot read ${path}: ${(err as Error).message}`, { path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MarketError('INVALID_DATA', `${path} is not valid JSON: ${(err as Error).message}`, { path });
  }
  return parseDataFile(schema, value, path);
}

/** A strict calendar date, YYYY-MM-DD, that exists (no 2026-02-30). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}
