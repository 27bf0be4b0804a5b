import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { registry } from '../nodes/catalogue.ts';
import { validateGraph } from '../runtime/validate.ts';

const dir = import.meta.dirname;
const root = join(dir, '..');
const AT = '2026-11-25T10:00:00+05:30'; // a Wednesday; the NIFTY weekly expiry is Tuesday 2026-12-01

interface CliOrder {
  id: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  type: string;
  price: number;
  status: string;
}
interface CliOutput {
  status: string;
  trace: Array<{ nodeId: string; status: string }>;
  orders: CliOrder[];
  positions: Array<{ symbol: string; qty: number; avgPrice: number; ltp: number; pnl: number }>;
  events: Array<{ type: string; message?: string }>;
  market: { start: Record<string, number> };
}

async function run(template: string, signal: object, extra: string[] = []): Promise<{ code: number; out: CliOutput }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', join(dir, `${template}.graph.json`), '--signal', JSON.stringify(signal), '--at', AT, ...extra], {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  });
  if (stderr) throw new Error(stderr);
  return { code, out: JSON.parse(stdout) as CliOutput };
}

/** Strike and type from a symbol such as NIFTY01DEC2625900CE. */
function contract(symbol: string): { underlying: string; expiry: string; strike: number; type: string } {
  const m = /^([A-Z]+)(\d\d[A-Z]{3}\d\d)(\d+)(CE|PE)$/.exec(symbol);
  if (!m) throw new Error(`not an option symbol: ${symbol}`);
  return { underlying: m[1]!, expiry: m[2]!, strike: Number(m[3]), type: m[4]! };
}

const nearest = (spot: number, step: number) => Math.round(spot / step) * step;

describe('templates', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graph.json'));

  it('the library has the required strategies', () => {
    expect(files.map((f) => f.replace('.graph.json', '')).sort()).toEqual([
      'bull-call-spread',
      'futures-hedge',
      'iron-condor',
      'iron-condor-trailing',
      'orb-breakout',
      'python-iron-butterfly',
      'reentry-at-cost-straddle',
      'reentry-straddle',
      'short-straddle',
      'short-strangle',
      'wait-and-trade-strangle',
    ]);
  });

  it.each(files)('%s is valid and described for a trader', (file) => {
    const graph = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { description: string };
    const result = validateGraph(graph, registry);
    expect(result.problems).toEqual([]);
    expect(graph.description.length).toBeGreaterThan(60);
  });

  it.each(files)('%s runs its first action through `legflow run`: completed, no node failing', async (file) => {
    const graph = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ type: string; params?: { channel?: string; actions?: string[] } }> };
    const source = graph.nodes.find((n) => n.type === 'source.tradingview' || n.type === 'source.python')!;
    const signal = { channel: source.params!.channel, action: source.params!.actions?.[0] ?? 'ENTRY', source: source.type.slice('source.'.length) };
    const { code, out } = await run(file.replace('.graph.json', ''), signal);
    expect(code).toBe(0);
    expect(out.status).toBe('completed');
    expect(out.trace.length).toBeGreaterThan(1);
    expect(out.trace.filter((s) => s.status !== 'ok')).toEqual([]);
  });

  it('short-straddle: ENTRY sells the NIFTY ATM straddle, one lot each, at market', async () => {
    const { code, out } = await run('short-straddle', { channel: 'nifty-straddle', action: 'ENTRY' });
    expect(code).toBe(0);
    expect(out.status).toBe('completed');
    expect(out.orders).toHaveLength(2);
    const atm = nearest(out.market.start.NIFTY!, 50);
    for (const o of out.orders) {
      expect(o).toMatchObject({ side: 'SELL', qty: 65, type: 'MARKET', status: 'FILLED' });
      expect(contract(o.symbol)).toMatchObject({ underlying: 'NIFTY', expiry: '01DEC26', strike: atm });
    }
    expect(out.orders.map((o) => contract(o.symbol).type).sort()).toEqual(['CE', 'PE']);
    expect(out.positions.map((p) => p.qty)).toEqual([-65, -65]);
    for (const p of out.positions) expect(p.avgPrice).toBe(out.orders.find((o) => o.symbol === p.symbol)!.price);
  });

  it('short-straddle: a 25 % stop on a leg buys it back and the 15:15 square-off closes the rest', async () => {
    const { out } = await run('short-straddle', { channel: 'nifty-straddle', action: 'ENTRY' }, ['--at', '2026-11-25T10:00', '--seed', '7', '--ticks', '360']);
    const stop = out.events.find((e) => e.type === 'leg_stop_hit') as unknown as { symbol: string; price: number; pnl: number };
    expect(stop).toBeDefined();
    const sold = out.orders.find((o) => o.symbol === stop.symbol && o.side === 'SELL')!;
    const bought = out.orders.find((o) => o.symbol === stop.symbol && o.side === 'BUY')!;
    // The stop triggers on LTP at or past 25 % above the sale; the buy-back fills at the ask, above that LTP.
    expect(stop.price).toBeGreaterThanOrEqual(sold.price * 1.25 - 0.05);
    expect(bought.price).toBeGreaterThan(stop.price);
    expect(stop.pnl).toBeCloseTo((sold.price - stop.price) * 65, 2);
    expect(out.events.map((e) => e.type)).toContain('square_off');
    expect(out.positions.every((p) => p.qty === 0)).toBe(true);
    const realised = out.orders.reduce((sum, o) => sum + (o.side === 'SELL' ? 1 : -1) * o.price * o.qty, 0);
    expect(out.positions.reduce((s, p) => s + p.pnl, 0)).toBeCloseTo(realised, 2);
  });

  it('short-straddle: EXIT with nothing open places nothing', async () => {
    const { out } = await run('short-straddle', { channel: 'nifty-straddle', action: 'EXIT' });
    expect(out.status).toBe('completed');
    expect(out.orders).toEqual([]);
    expect(out.trace.map((s) => s.nodeId)).toEqual(['tv', 'route', 'exit']);
  });

  it('short-strangle: sells calls and puts four strikes (200 points) from ATM', async () => {
    const { out } = await run('short-strangle', { channel: 'nifty-strangle', action: 'ENTRY' });
    const atm = nearest(out.market.start.NIFTY!, 50);
    const byType = Object.fromEntries(out.orders.map((o) => [contract(o.symbol).type, o]));
    expect(contract(byType.CE!.symbol).strike).toBe(atm + 200);
    expect(contract(byType.PE!.symbol).strike).toBe(atm - 200);
    expect(out.orders.every((o) => o.side === 'SELL' && o.qty === 65 && o.status === 'FILLED')).toBe(true);
  });

  it('iron-condor: buys the wings before selling the body', async () => {
    const { out } = await run('iron-condor', { channel: 'nifty-iron-condor', action: 'ENTRY' });
    const atm = nearest(out.market.start.NIFTY!, 50);
    const legs = out.orders.map((o) => ({ side: o.side, ...contract(o.symbol) }));
    expect(legs.map((l) => l.side)).toEqual(['BUY', 'BUY', 'SELL', 'SELL']);
    expect(legs.map((l) => `${l.side} ${l.type} ${l.strike - atm}`).sort()).toEqual(['BUY CE 400', 'BUY PE -400', 'SELL CE 200', 'SELL PE -200']);
  });

  it('bull-call-spread: BUY buys the ATM call and sells the call 200 points higher; SELL enters nothing', async () => {
    const { out } = await run('bull-call-spread', { channel: 'nifty-bull-call', action: 'buy' });
    const atm = nearest(out.market.start.NIFTY!, 50);
    expect(out.orders.map((o) => `${o.side} ${contract(o.symbol).type} ${contract(o.symbol).strike - atm}`)).toEqual(['BUY CE 0', 'SELL CE 200']);
    const flat = await run('bull-call-spread', { channel: 'nifty-bull-call', action: 'SELL' });
    expect(flat.out.orders).toEqual([]);
    expect(flat.out.trace.map((s) => s.nodeId)).toEqual(['tv', 'isBuy', 'exit']);
  });

  it('futures-hedge: LONG buys this month’s future and the put at the future’s ATM; SHORT sells it and buys the call', async () => {
    const { code, out } = await run('futures-hedge', { channel: 'nifty-futures-hedge', action: 'LONG' });
    expect(code).toBe(0);
    const [fut, put] = out.orders;
    expect(fut).toMatchObject({ symbol: 'NIFTY29DEC26FUT', side: 'BUY', qty: 65, status: 'FILLED' });
    // The future trades above spot by the carry (spot × e^((r − q)·t)); ATM is the strike nearest the future.
    expect(fut!.price).toBeGreaterThan(out.market.start.NIFTY!);
    expect(contract(put!.symbol)).toMatchObject({ expiry: '29DEC26', type: 'PE', strike: nearest(fut!.price, 50) });
    expect(put).toMatchObject({ side: 'BUY', qty: 65, status: 'FILLED' });
    const short = await run('futures-hedge', { channel: 'nifty-futures-hedge', action: 'short' });
    expect(short.out.orders.map((o) => `${o.side} ${o.symbol.endsWith('FUT') ? 'FUT' : contract(o.symbol).type}`)).toEqual(['BUY CE', 'SELL FUT']);
    expect(short.out.positions.map((p) => p.qty).sort()).toEqual([-65, 65]);
  });

  it('python-iron-butterfly: a Python ENTRY trades the BANKNIFTY monthly fly and logs it', async () => {
    const { out } = await run('python-iron-butterfly', { channel: 'py-iron-fly', action: 'ENTRY' });
    const atm = nearest(out.market.start.BANKNIFTY!, 100);
    const legs = out.orders.map((o) => ({ side: o.side, qty: o.qty, ...contract(o.symbol) }));
    // 2026-11-24 (the November monthly) is a holiday, so the contract expired on the 23rd; December's is the 29th.
    expect(legs.every((l) => l.underlying === 'BANKNIFTY' && l.expiry === '29DEC26' && l.qty === 30)).toBe(true);
    expect(legs.map((l) => `${l.side} ${l.type} ${l.strike - atm}`)).toEqual(['BUY CE 500', 'BUY PE -500', 'SELL CE 0', 'SELL PE 0']);
    expect(out.events.some((e) => e.type === 'log' && /Entered iron butterfly, group grp-1/.test(e.message ?? ''))).toBe(true);
  });

  it('python-iron-butterfly: an ENTRY after 15:00 is logged and not traded', async () => {
    let stdout = '';
    await main(
      ['run', join(dir, 'python-iron-butterfly.graph.json'), '--signal', '{"channel":"py-iron-fly","action":"ENTRY"}', '--at', '2026-11-25T15:05:00+05:30'],
      {
        out: (t) => (stdout += t),
        err: () => undefined,
      },
    );
    const out = JSON.parse(stdout) as CliOutput;
    expect(out.orders).toEqual([]);
    expect(out.events.some((e) => e.type === 'log' && e.message === 'ENTRY outside 09:20-15:00 ignored')).toBe(true);
  });

  it('npx legflow run prints two filled SELL orders and two open positions (real process)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin', 'legflow.js'), 'run', 'templates/short-straddle.graph.json', '--signal', '{"channel":"nifty-straddle","action":"ENTRY"}', '--at', AT],
      { cwd: root },
    );
    const out = JSON.parse(stdout) as CliOutput;
    expect(out.orders.filter((o) => o.side === 'SELL' && o.qty === 65 && o.status === 'FILLED')).toHaveLength(2);
    expect(new Set(out.orders.map((o) => contract(o.symbol).strike)).size).toBe(1);
    expect(contract(out.orders[0]!.symbol).strike % 50).toBe(0);
    expect(out.positions.filter((p) => p.qty === -65)).toHaveLength(2);
  });
});
