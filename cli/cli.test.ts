import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { istToMs } from '../runtime/time.ts';
import { main } from './main.ts';
import { defaultStart } from './run-command.ts';

const straddle = join(import.meta.dirname, '..', 'templates', 'short-straddle.graph.json');
const entry = '{"channel":"nifty-straddle","action":"ENTRY"}';
/** A fixed trading time: without --at, legflow run starts on today's next trading day, which the calendar must cover. */
const AT = ['--at', '2026-11-25T10:00'];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'legflow-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('legflow validate', () => {
  it('accepts a valid graph', async () => {
    const r = await cli('validate', straddle);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid \(7 nodes, 6 connections\)/);
  });

  it('prints every problem with its node and exits 1', async () => {
    const graph = {
      schemaVersion: 1,
      name: 'broken',
      nodes: [
        { id: 'legs', type: 'legs.strategy', typeVersion: 1, position: { x: 0, y: 0 }, params: { lots: 0 } },
        { id: 'enter', type: 'exec.enter', typeVersion: 1, position: { x: 0, y: 0 }, params: {} },
      ],
      edges: [],
    };
    const r = await cli('validate', tempFile('g.json', JSON.stringify(graph)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[node legs\] .*lots/);
    expect(r.err).toMatch(/\[node enter\] .*nothing connected/);
    expect(r.err).toMatch(/no signal source/);
  });

  it('--json prints the problems as data', async () => {
    const r = await cli('validate', '--json', tempFile('g.json', '{"schemaVersion":1,"name":"x","nodes":[],"edges":[]}'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false, problems: [{ code: 'missing_source' }] });
  });

  it('names a missing file, a folder and broken JSON', async () => {
    expect(await cli('validate', '/nonexistent/graph.json')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/graph file not found: \/nonexistent\/graph.json/),
    });
    expect(await cli('validate', tmpdir())).toMatchObject({ code: 1, err: expect.stringMatching(/is a folder/) });
    expect(await cli('validate', tempFile('bad.json', '{"nodes": ['))).toMatchObject({ code: 1, err: expect.stringMatching(/not valid JSON/) });
  });
});

describe('legflow run: bad input', () => {
  it('refuses a bad graph with its problems', async () => {
    const r = await cli('run', tempFile('g.json', '{"schemaVersion":1,"name":"x","nodes":[],"edges":[]}'), '--signal', entry);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no signal source/);
    expect(r.out).toBe('');
  });

  it('refuses a signal that is not JSON, lacks an action, or has a non-numeric price', async () => {
    expect(await cli('run', straddle, '--signal', '{"channel":', ...AT)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--signal JSON is not valid JSON/),
    });
    expect(await cli('run', straddle, '--signal', '{"channel":"nifty-straddle"}', ...AT)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/signal is invalid: action/),
    });
    expect(await cli('run', straddle, '--signal', '{"channel":"nifty-straddle","action":"ENTRY","price":"abc"}', ...AT)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/price must be a number/),
    });
    expect(await cli('run', straddle, '--signal', '{"channel":"x","action":"ENTRY","__proto__":{"a":1}}', ...AT)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/__proto__ this key name is not allowed/),
    });
  });

  it('reads the signal from a file, and names a missing one', async () => {
    const r = await cli('run', straddle, '--signal', tempFile('s.json', entry), '--at', '2026-11-25T10:00');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).orders).toHaveLength(2);
    expect(await cli('run', straddle, '--signal', 'missing-signal.json', ...AT)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/signal file not found/),
    });
  });

  it('checks --at, --seed and --ticks', async () => {
    expect(await cli('run', straddle, '--signal', entry, '--at', 'tomorrow')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--at must be an ISO time/),
    });
    expect(await cli('run', straddle, '--signal', entry, '--seed=-3')).toMatchObject({ code: 1, err: expect.stringMatching(/--seed must be a whole number/) });
    expect(await cli('run', straddle, '--signal', entry, '--ticks', '1e9')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--ticks must be a whole number from 0 to 100000/),
    });
  });

  it('answers usage errors with exit 2', async () => {
    expect(await cli('run', straddle)).toMatchObject({ code: 2, err: expect.stringMatching(/usage: legflow run/) });
    expect(await cli('run', straddle, '--signal', entry, '--bogus')).toMatchObject({ code: 2, err: expect.stringMatching(/--bogus/) });
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
  });

  it('sums up P&L gross, the charges paid and P&L net, with the money left and the margin used', async () => {
    const r = await cli('run', straddle, '--signal', entry, '--at', '2026-11-25T10:00:00+05:30', '--seed', '42');
    const { orders, positions, summary } = JSON.parse(r.out) as {
      orders: Array<{ charges: number }>;
      positions: Array<{ pnl: number; charges: number; netPnl: number }>;
      summary: Record<string, number>;
    };
    // Every fill is charged (two SELLs on 25 Nov 2026: ₹20 brokerage + STT 0.15 % + …), and the summary adds them.
    expect(orders.map((o) => o.charges > 20)).toEqual([true, true]);
    const paise = (xs: number[]) => xs.reduce((a, x) => a + Math.round(x * 100), 0);
    expect(Math.round(summary.charges! * 100)).toBe(paise(orders.map((o) => o.charges)));
    expect(Math.round(summary.netPnl! * 100)).toBe(paise([summary.pnl!]) - paise([summary.charges!]));
    for (const p of positions) expect(Math.round(p.netPnl * 100)).toBe(paise([p.pnl]) - paise([p.charges]));
    // NIFTY at 25,752.75, the 25750 straddle sold, 65 each. SPAN: the call side 12 % × 25,752.75 × 65 =
    // 2,00,871.45 (in the money, no OTM credit); the put side 2,00,871.45 − 50 % × 2.75 × 65 = 2,00,782.08; the
    // index cannot rise and fall at once, so the larger: 2,00,871.45. Exposure 2 % × 25,752.75 × 65 = 33,478.58
    // on each leg: 66,957.15. Margin 2,67,828.60.
    expect((JSON.parse(r.out) as { market: { start: Record<string, number> } }).market.start.NIFTY).toBe(25_752.75);
    expect(summary.marginUsed).toBe(267_828.6);
    expect(Math.round(summary.marginFree! * 100)).toBe(paise([summary.equity!]) - paise([summary.marginUsed!]));
  });

  it('the same seed and time give the same orders', async () => {
    const a = await cli('run', straddle, '--signal', entry, '--at', '2026-11-25T10:00:00+05:30', '--seed', '42', '--ticks', '30');
    const b = await cli('run', straddle, '--signal', entry, '--at', '2026-11-25T10:00:00+05:30', '--seed', '42', '--ticks', '30');
    expect(JSON.parse(a.out).orders).toEqual(JSON.parse(b.out).orders);
    expect(JSON.parse(a.out).positions).toEqual(JSON.parse(b.out).positions);
  });
});

describe('default start', () => {
  const calendar = TradingCalendar.default();
  it('is 10:00 IST on the next trading day', () => {
    // 2026-11-23 (Mon) 09:00 IST → same day 10:00; 11:00 → the 24th is a holiday, so the 25th.
    expect(defaultStart(istToMs('2026-11-23', '09:00'), calendar)).toBe(istToMs('2026-11-23', '10:00'));
    expect(defaultStart(istToMs('2026-11-23', '11:00'), calendar)).toBe(istToMs('2026-11-25', '10:00'));
    // Friday evening → Monday.
    expect(defaultStart(istToMs('2026-11-27', '18:00'), calendar)).toBe(istToMs('2026-11-30', '10:00'));
  });

  it('refuses to guess past the calendar, and says to pass --at', () => {
    expect(() => defaultStart(istToMs('2028-06-01', '09:00'), calendar)).toThrow(
      /without --at, legflow run starts on the next trading day, and .*2028.* Or pass --at <ISO time>\./,
    );
  });
});

describe('legflow help and start', () => {
  it('help lists the commands', async () => {
    expect((await cli('help')).out).toMatch(/legflow validate <graph.json>[\s\S]*legflow run <graph.json> --signal[\s\S]*legflow start/);
  });
});

describe('legflow docs', () => {
  it('docs/nodes.md is the reference the catalogue generates (run `npm run docs` after changing a node)', async () => {
    const { readFileSync } = await import('node:fs');
    const { nodeReference } = await import('./docs-command.ts');
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'nodes.md'), 'utf8');
    expect(committed).toBe(nodeReference());
    expect(committed).toMatch(/### Strategy preset — `legs.strategy` v1/);
  });
});
