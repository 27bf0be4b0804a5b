import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogue } from '../../nodes/catalogue.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'legflow-storybook-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const indexSchema = z.object({ entries: z.record(z.string(), z.object({ type: z.string(), title: z.string(), name: z.string() })) });

/** Story ids as Storybook makes them from an export name: `legs.strategy` → export `LegsStrategy` → `legs-strategy`. */
const storyIdOf = (type: string) => `nodes-each-node-type--${type.replaceAll('.', '-')}`;

describe('Storybook', () => {
  it('builds the static Storybook with a story for every node type, the trace, the leg editor and the live panels', async () => {
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'storybook'), ['build', '-c', 'stories', '-o', out, '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const index = indexSchema.parse(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')));
    const ids = Object.keys(index.entries);
    for (const def of catalogue) expect(ids, `a story for ${def.type}`).toContain(storyIdOf(def.type));
    expect(ids).toEqual(
      expect.arrayContaining(['canvas-test-run-trace--all-ran', 'canvas-test-run-trace--one-failed', 'inspector-leg-table-and-payoff--short-straddle']),
    );
    // The live panels: signal history with source badges, orders, positions with P&L, the charts, the badge.
    expect(ids).toEqual(
      expect.arrayContaining([
        'live-signal-history--every-source',
        'live-orders--filled-and-rejected',
        'live-positions--closed-and-open',
        'live-charts--an-hour-of-trading',
        'live-charts--waiting',
        'live-sim-or-live-badge--sim',
        'live-sim-or-live-badge--live',
        'users-user-table--active-and-disabled',
      ]),
    );
    expect(readFileSync(join(out, 'iframe.html'), 'utf8')).toContain('<div id="storybook-root">');
  }, 120_000);
});
