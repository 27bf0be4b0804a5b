import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import type { DeploymentConfig } from './deployment.ts';
import { compileGraph } from './plan.ts';
import type { Signal } from './signal.ts';
import { SimEngine } from './sim-engine.ts';
import { edge, graph, node, tvSignal } from './testing/graph.ts';
import { istToMs } from './time.ts';
import type { RunRecord } from './trace.ts';

/** Wednesday 25 Nov 2026, 10:00 IST: a trading day (NIFTY's weekly expiry is Tuesday 1 Dec). */
const T0 = istToMs('2026-11-25', '10:00');

/** A SIM world at `startMs` with one deployment of `raw`, recording every finished run. */
function deploy(raw: unknown, config: Partial<DeploymentConfig> = {}, startMs = T0) {
  const engine = new SimEngine({ startMs, seed: 3 });
  const runs: Array<{ signal: Signal; run: RunRecord }> = [];
  const deployment = engine.deploy(compileGraph(raw, registry), { id: 'dep-1', ...config }, { onRun: (signal, run) => runs.push({ signal, run }) });
  const logs = () => engine.logs.map((l) => l.message);
  return { engine, deployment, runs, logs };
}

const tv = node('tv', 'source.tradingview', { channel: 'nifty' });
/** TradingView ENTRY sells the NIFTY ATM straddle (1 lot, current week) with a 25 % stop per leg. */
const straddleGraph = graph(
  [tv, node('straddle', 'legs.strategy'), node('sl', 'risk.leg'), node('enter', 'exec.enter')],
  [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'sl'), edge('sl', 'out', 'enter')],
);

describe('Deployment: one signal at a time', () => {
  it('runs signals submitted together strictly in arrival order, each after the one before has finished', async () => {
    const g = graph(
      [tv, node('wait', 'transform.delay', { seconds: 30 }), node('note', 'exec.notify', { message: 'done {{signal.id}}' })],
      [edge('tv', 'signal', 'wait'), edge('wait', 'out', 'note')],
    );
    const { engine, deployment, runs } = deploy(g);
    const [first, second, third] = await Promise.all(['s1', 's2', 's3'].map((id) => deployment.submit(tvSignal(id, 'ENTRY', T0))));
    // The delay waits 30 s on the deployment's clock: a run that started before the previous one ended would start at T0.
    expect([first, second, third].map((r) => [r?.signalId, r?.status, r?.startedAt])).toEqual([
      ['s1', 'completed', T0],
      ['s2', 'completed', T0 + 30_000],
      ['s3', 'completed', T0 + 60_000],
    ]);
    expect(engine.logs.map((l) => [l.time, l.message])).toEqual([
      [T0 + 30_000, 'done s1'],
      [T0 + 60_000, 'done s2'],
      [T0 + 90_000, 'done s3'],
    ]);
    expect(runs.map((r) => r.signal.id)).toEqual(['s1', 's2', 's3']);
  });

  it('keeps running when a run listener throws: the run completes and later signals still run', async () => {
    const g = graph([tv, node('note', 'exec.notify', { message: 'got {{signal.id}}' })], [edge('tv', 'signal', 'note')]);
    const engine = new SimEngine({ startMs: T0, seed: 3 });
    const deployment = engine.deploy(
      compileGraph(g, registry),
      { id: 'dep-1' },
      {
        onStep: (signal) => {
          if (signal.id === 's1') throw new Error('socket closed');
        },
        onRun: (signal) => {
          if (signal.id === 's1') throw new Error('database is down');
        },
      },
    );
    const first = await deployment.submit(tvSignal('s1', 'ENTRY', T0));
    const second = await deployment.submit(tvSignal('s2', 'ENTRY', T0));
    expect([first.status, second.status]).toEqual(['completed', 'completed']);
    expect(engine.logs.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'onStep listener failed: socket closed'],
      ['info', 'got s1'],
      ['warn', 'onStep listener failed: socket closed'],
      ['warn', 'onRun listener failed: database is down'],
      ['info', 'got s2'],
    ]);
  });
});

describe('Deployment: orders', () => {
  it('multiplies every leg by the multiplier: NIFTY 1 lot × 2 places 130 units per leg', async () => {
    const { engine, deployment } = deploy(straddleGraph, { multiplier: 2 });
    expect((await deployment.submit(tvSignal('s1', 'ENTRY', T0))).status).toBe('completed');
    const orders = await engine.broker.orders();
    expect(orders.map((o) => [o.side, o.qty, o.status])).toEqual([
      ['SELL', 130, 'FILLED'],
      ['SELL', 130, 'FILLED'],
    ]);
    expect(engine.positions.groups('dep-1')[0]?.legs.map((l) => [l.lots, l.qty])).toEqual([
      [2, 130],
      [2, 130],
    ]);
  });

  it.each([0, 1.5, -1])('refuses a multiplier of %d', (multiplier) => {
    expect(() => deploy(straddleGraph, { multiplier })).toThrow(`multiplier must be a whole number ≥ 1, got ${multiplier}`);
  });

  it('places nothing in a dry run, while the trace shows what Enter legs would have placed', async () => {
    const g = graph(
      [...straddleGraph.nodes, node('note', 'exec.notify', { message: '{{vars.orders.0.status}} {{vars.orders.1.status}} in {{vars.groupId}}' })],
      [...straddleGraph.edges, edge('enter', 'out', 'note')],
    );
    const { engine, deployment, logs } = deploy(g, { dryRun: true });
    const run = await deployment.submit(tvSignal('s1', 'ENTRY', T0));
    expect(run.status).toBe('completed');
    const enter = run.steps.find((s) => s.nodeId === 'enter');
    expect(enter).toMatchObject({
      status: 'ok',
      output: {
        out: [
          {
            vars: {
              groupId: 'dry-run',
              orders: [
                { status: 'DRY_RUN', side: 'SELL', qty: 65 },
                { status: 'DRY_RUN', side: 'SELL', qty: 65 },
              ],
            },
          },
        ],
      },
    });
    expect(logs()).toEqual(['DRY_RUN DRY_RUN in dry-run']);
    expect(await engine.broker.orders()).toEqual([]);
    expect(engine.positions.groups('dep-1')).toEqual([]);
  });

  it('enters once for a signal delivered twice', async () => {
    const { engine, deployment } = deploy(straddleGraph);
    const signal = tvSignal('s1', 'ENTRY', T0);
    await deployment.submit(signal);
    await deployment.submit(signal);
    expect(await engine.broker.orders()).toHaveLength(2);
    expect(engine.positions.groups('dep-1')).toHaveLength(1);
  });
});

describe('Deployment: schedules', () => {
  it('fires a schedule source once when the engine ticks past its time, and places the entry', async () => {
    const g = graph(
      [node('at1005', 'source.schedule', { time: '10:05' }), node('straddle', 'legs.strategy'), node('enter', 'exec.enter')],
      [edge('at1005', 'signal', 'straddle'), edge('straddle', 'legs', 'enter')],
    );
    const { engine, deployment, runs } = deploy(g);
    const fireAt = istToMs('2026-11-25', '10:05');
    expect(deployment.nextScheduledAt()).toBe(fireAt);
    for (let i = 0; i < 10; i++) await engine.tick(60_000);

    expect(runs).toHaveLength(1);
    const [{ signal, run }] = runs as [{ signal: Signal; run: RunRecord }];
    expect(signal).toMatchObject({ source: 'schedule', action: 'ENTRY', time: new Date(fireAt).toISOString() });
    expect(run).toMatchObject({ status: 'completed', startedAt: fireAt });
    expect(run.steps.map((s) => s.nodeId)).toEqual(['at1005', 'straddle', 'enter']);
    const orders = await engine.broker.orders();
    expect(orders.map((o) => [o.side, o.qty, o.status, o.createdAt])).toEqual([
      ['SELL', 65, 'FILLED', fireAt],
      ['SELL', 65, 'FILLED', fireAt],
    ]);
    expect(deployment.nextScheduledAt()).toBe(istToMs('2026-11-26', '10:05'));
  });

  it('skips the exchange holiday and the weekend: from Thu 24 Dec 15:00 a 09:20 schedule next fires Mon 28 Dec', async () => {
    const g = graph(
      [node('at920', 'source.schedule', { time: '09:20' }), node('note', 'exec.notify', { message: 'fired' })],
      [edge('at920', 'signal', 'note')],
    );
    const { engine, deployment, runs } = deploy(g, {}, istToMs('2026-12-24', '15:00'));
    const monday = istToMs('2026-12-28', '09:20');
    expect(deployment.nextScheduledAt()).toBe(monday);
    // Hour by hour through Christmas (a holiday), Saturday and Sunday, to Monday 10:00.
    while (engine.clock.now() < istToMs('2026-12-28', '10:00')) await engine.tick(3_600_000);
    expect(runs.map((r) => r.signal.time)).toEqual([new Date(monday).toISOString()]);
    expect(engine.logs.map((l) => [l.time, l.message])).toEqual([[istToMs('2026-12-28', '10:00'), 'fired']]);
  });
});

describe('Deployment: schedules at the end of the holiday calendar', () => {
  it('fires on the last covered day, then stops and says what to update instead of firing on a guessed day', async () => {
    const g = graph(
      [node('at920', 'source.schedule', { time: '09:20' }), node('note', 'exec.notify', { message: 'fired' })],
      [edge('at920', 'signal', 'note')],
    );
    const { engine, deployment, runs } = deploy(g, {}, istToMs('2027-12-31', '08:00'));
    const lastDay = istToMs('2027-12-31', '09:20');
    expect(deployment.nextScheduledAt()).toBe(lastDay);
    while (engine.clock.now() < istToMs('2027-12-31', '10:00')) await engine.tick(600_000);
    expect(runs.map((r) => r.signal.time)).toEqual([new Date(lastDay).toISOString()]);
    // Mon 3 Jan 2028 is past the shipped calendar: the schedule stops and the log says why and what to load.
    expect(deployment.nextScheduledAt()).toBeUndefined();
    const stopped = engine.logs.find((l) => l.level === 'warn');
    expect(stopped?.message).toMatch(
      /^schedule at920 stopped: The schedule \(09:20 IST, Mon–Fri\) stops before 2028-01-03: The NSE holiday calendar covers 2019-01-01 to 2027-12-31; .*legflow calendar load <file> --exchange NSE --year 2028/,
    );
    expect(stopped?.fields).toEqual({ deploymentId: 'dep-1', nodeId: 'at920' });
  });
});

describe('Deployment: position events', () => {
  it('re-enters the graph with a stop-hit event: the position source starts a run with the event’s data', async () => {
    const g = graph(
      [
        ...straddleGraph.nodes,
        node('onstop', 'source.position', { events: ['leg_stop_hit'] }),
        node('note', 'exec.notify', { message: '{{event}} {{vars.legId}} of {{vars.groupId}} at {{signal.data.price}}' }),
      ],
      [...straddleGraph.edges, edge('onstop', 'signal', 'note')],
    );
    const { engine, deployment, runs, logs } = deploy(g);
    await deployment.submit(tvSignal('s1', 'ENTRY', T0));
    const [ce] = engine.positions.groups('dep-1')[0]?.legs ?? [];
    expect(ce).toMatchObject({ id: 'straddle.ce', status: 'open' });

    // NIFTY jumps 3 %: the sold call's premium runs far past its 25 % stop on the next tick.
    engine.market.setSpot('NIFTY', engine.market.spot('NIFTY') * 1.03);
    await engine.tick(1_000);

    const hit = engine.events.find((e) => e.type === 'leg_stop_hit');
    expect(hit).toMatchObject({ deploymentId: 'dep-1', groupId: 'grp-1', legId: 'straddle.ce' });
    const rerun = runs.at(-1)!;
    expect(rerun.signal).toMatchObject({ source: 'position', action: 'LEG_STOP_HIT', data: { event: 'leg_stop_hit', legId: 'straddle.ce' } });
    expect(rerun.run.status).toBe('completed');
    expect(rerun.run.steps.map((s) => s.nodeId)).toEqual(['onstop', 'note']);
    expect(rerun.run.steps[1]?.input.vars).toEqual({ event: 'leg_stop_hit', groupId: 'grp-1', legId: 'straddle.ce' });
    expect(logs()).toEqual([`leg_stop_hit straddle.ce of grp-1 at ${hit?.price}`]);
    expect(engine.positions.groups('dep-1')[0]?.legs.map((l) => [l.id, l.status, l.exitReason])).toEqual([
      ['straddle.ce', 'closed', 'leg stop-loss'],
      ['straddle.pe', 'open', null],
    ]);
  });

  it("takes only its own deployment's position events", () => {
    const { deployment } = deploy(straddleGraph);
    expect(deployment.onPositionEvent({ type: 'leg_stop_hit', deploymentId: 'dep-2', groupId: 'grp-1', time: T0 })).toBeUndefined();
  });
});

describe('Deployment: the short-straddle template', () => {
  it('enters on ENTRY and exits on EXIT, leaving both legs flat with the P&L of the fills to the paisa', async () => {
    const template: unknown = JSON.parse(readFileSync(new URL('../templates/short-straddle.graph.json', import.meta.url), 'utf8'));
    const { engine, deployment } = deploy(template);
    const signal = (id: string, action: string) => tvSignal(id, action, engine.clock.now(), { channel: 'nifty-straddle' });

    expect((await deployment.submit(signal('s1', 'ENTRY'))).status).toBe('completed');
    for (let i = 0; i < 30; i++) await engine.tick(60_000);
    const exit = await deployment.submit(signal('s2', 'EXIT'));
    await engine.idle();
    expect(exit.status).toBe('completed');
    expect(exit.steps.map((s) => s.nodeId)).toEqual(['tv', 'route', 'exit']);

    const orders = await engine.broker.orders();
    expect(orders.map((o) => [o.side, o.qty, o.status])).toEqual([
      ['SELL', 65, 'FILLED'],
      ['SELL', 65, 'FILLED'],
      ['BUY', 65, 'FILLED'],
      ['BUY', 65, 'FILLED'],
    ]);
    expect(new Set(orders.map((o) => o.symbol)).size).toBe(2);
    // Σ (sell − buy) × qty, in whole paise.
    const paise = orders.reduce((sum, o) => sum + (o.side === 'SELL' ? 1 : -1) * Math.round(o.avgFillPrice! * 100) * o.qty, 0);
    const pnl = paise / 100;

    const [group] = engine.positions.groups('dep-1');
    expect(group).toMatchObject({ status: 'closed', realisedPnl: pnl });
    expect(group?.legs.map((l) => [l.status, l.exitReason])).toEqual([
      ['closed', 'tradingview EXIT'],
      ['closed', 'tradingview EXIT'],
    ]);
    const positions = await engine.broker.positions(engine.accountId);
    expect(positions.map((p) => p.qty)).toEqual([0, 0]);
    expect((await engine.broker.funds(engine.accountId)).realisedPnl).toBe(pnl);
    expect(engine.events.map((e) => [e.type, e.pnl])).toEqual([['group_exited', pnl]]);
  });
});

describe('Deployment: Python functions', () => {
  const g = graph([tv, node('py', 'transform.python', { function: 'vol_filter' })], [edge('tv', 'signal', 'py')]);

  it('calls the functions it was deployed with', async () => {
    const engine = new SimEngine({ startMs: T0, seed: 3 });
    const functions = { call: (name: string) => Promise.resolve({ vars: { from: name } }) };
    const deployment = engine.deploy(compileGraph(g, registry), { id: 'dep-1' }, {}, { functions });
    const run = await deployment.submit(tvSignal('s1', 'ENTRY', T0));
    expect(run.steps.map((s) => [s.nodeId, s.status, s.output.out?.[0]?.vars])).toEqual([
      ['tv', 'ok', undefined],
      ['py', 'ok', { from: 'vol_filter' }],
    ]);
  });

  it('without them (legflow run, a test run) fails the node saying where Python functions run', async () => {
    for (const [dryRun, why] of [
      [false, 'Python functions run only in deployments on a Legflow server (npm start) with a worker connected; this engine (legflow run) has none'],
      [true, 'a test run calls no Python worker; deploy the graph to SIM to run its Python functions'],
    ] as const) {
      const { deployment } = deploy(g, { dryRun });
      const run = await deployment.submit(tvSignal('s1', 'ENTRY', T0));
      expect(run.status).toBe('failed');
      expect(run.steps[1]).toMatchObject({ nodeId: 'py', status: 'failed', error: `Python function "vol_filter": ${why}` });
    }
  });
});

describe('Deployment: price sources', () => {
  /** NIFTY crossing 26,200 going up sends ENTRY, which sells the straddle. */
  const crossGraph = graph(
    [node('cross', 'source.price', { level: 26200 }), node('straddle', 'legs.strategy'), node('enter', 'exec.enter')],
    [edge('cross', 'signal', 'straddle'), edge('straddle', 'legs', 'enter')],
  );
  /** A SIM world with NIFTY at `spot` when the graph is deployed; `at(level)` puts NIFTY there and steps the market without moving time. */
  function deployAt(spot: number) {
    const engine = new SimEngine({ startMs: T0, seed: 3 });
    engine.market.setSpot('NIFTY', spot);
    const runs: Array<{ signal: Signal; run: RunRecord }> = [];
    engine.deploy(compileGraph(crossGraph, registry), { id: 'dep-1' }, { onRun: (signal, run) => runs.push({ signal, run }) });
    const at = async (level: number) => {
      engine.market.setSpot('NIFTY', level);
      await engine.step();
    };
    return { engine, runs, at };
  }

  it('fires on the step the index crosses the level, once that day, with a price signal carrying the move', async () => {
    const { engine, runs, at } = deployAt(26150);
    await at(26199.95);
    expect(runs).toEqual([]);
    await at(26210);
    expect(runs.map(({ signal, run }) => [signal.source, signal.channel, signal.action, signal.symbol, signal.price, signal.data, run.status])).toEqual([
      ['price', 'price', 'ENTRY', 'NIFTY', 26210, { nodeId: 'cross', previous: 26199.95 }, 'completed'],
    ]);
    // Named by the day: the same day's firing after a restart is the same signal, and enters once.
    expect(runs[0]?.signal.id).toBe('dep-1:cross:price:2026-11-25');
    expect((await engine.broker.orders()).map((o) => `${o.side} ${o.symbol}`)).toEqual(['SELL NIFTY01DEC2626200CE', 'SELL NIFTY01DEC2626200PE']);
    // Down and up again the same day: no second entry.
    await at(26150);
    await at(26250);
    expect(runs).toHaveLength(1);
  });

  it('a deployment started above the level waits for the index to come back and cross it', async () => {
    const { runs, at } = deployAt(26300);
    await at(26350);
    expect(runs).toEqual([]);
    await at(26100);
    await at(26200);
    expect(runs.map((r) => r.signal.data.previous)).toEqual([26100]);
  });

  it('fires as the market moves in ticks (legflow run), not only on set levels', async () => {
    const { engine, runs } = deployAt(26195);
    for (let i = 0; i < 30 && runs.length === 0; i++) await engine.tick(60_000);
    // Seed 3 takes NIFTY from 26,195 above 26,200 within half an hour.
    expect(runs).toHaveLength(1);
    expect(runs[0]!.signal.price!).toBeGreaterThanOrEqual(26200);
    expect(runs[0]!.signal.data.previous as number).toBeLessThan(26200);
  });

  it('an unknown underlying is warned about once and never fires', async () => {
    const g = graph([node('cross', 'source.price', { underlying: 'NIFTYIT' }), node('note', 'exec.notify')], [edge('cross', 'signal', 'note')]);
    const { engine, runs, logs } = deploy(g);
    await engine.tick(60_000);
    await engine.tick(60_000);
    expect(runs).toEqual([]);
    expect(logs().filter((m) => m.includes('price source cross cannot read NIFTYIT'))).toHaveLength(1);
  });
});
