import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { isIsoDate, loadDataFile, parseDataFile } from './data-file.ts';
import { MarketError } from './market-error.ts';

const schema = z.object({ lotSize: z.number().int().positive(), items: z.array(z.string()) });

describe('data files', () => {
  it('returns the parsed value', () => {
    expect(parseDataFile(schema, { lotSize: 65, items: ['a'] }, 'x.json')).toEqual({ lotSize: 65, items: ['a'] });
  });

  it('lists every problem with its path', () => {
    try {
      parseDataFile(schema, { lotSize: 6.5, items: [1] }, 'x.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MarketError);
      const err = e as MarketError;
      expect(err.code).toBe('INVALID_DATA');
      expect(err.message).toMatch(/^x\.json is not valid:\n {2}lotSize: .+\n {2}items\.0: .+$/);
      expect(err.details.problems).toHaveLength(2);
    }
  });

  it('reads a file, and says when it cannot be read or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'legflow-data-'));
    writeFileSync(join(dir, 'ok.json'), '{"lotSize": 30, "items": []}');
    writeFileSync(join(dir, 'broken.json'), '{"lotSize": 30,');
    expect(loadDataFile(schema, join(dir, 'ok.json')).lotSize).toBe(30);
    expect(() => loadDataFile(schema, join(dir, 'broken.json'))).toThrow(/broken\.json is not valid JSON/);
    expect(() => loadDataFile(schema, join(dir, 'missing.json'))).toThrow(/Cannot read .*missing\.json/);
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-28')).toBe(false);
    expect(isIsoDate('28-02-2026')).toBe(false);
  });
});
