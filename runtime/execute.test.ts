import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogue, registry } from '../nodes/catalogue.ts';
import { defineNode } from './node-contract.ts';
import type { DeploymentHooks } from './deployment.ts';
import { compileGraph } from './plan.ts';
import { createRegistry, type NodeRegistry } from './registry.ts';
import type { Signal } from './signal.ts';
import { SimEngine } from './sim-engine.ts';
import { edge, graph, node, tvSignal } from './testing/graph.ts';
import { istToMs } from './time.ts';
import type { TraceStep } from './trace.ts';

/** Wednesday 25 Nov 2026, 10:00 IST: a trading day (NIFTY's weekly expiry is Tuesday 1 Dec). */
const T0 = istToMs('2026-11-25', '10:00');

/** Compiles the graph and runs one signal through it in a fresh SIM world. */
async function runOne(raw: unknown, signal: Signal, reg: NodeRegistry = registry, hooks?: DeploymentHooks) {
  const engine = new SimEngine({ startMs: T0, seed: 11 });
  const deployment = engine.deploy(compileGraph(raw, reg), { id: 'dep-1' }, hooks);
  const run = await deployment.submit(signal);
  await engine.idle();
  return { run, engine, logs: engine.logs.map((l) => l.message) };
}

const entry = tvSignal('s1', 'ENTRY', T0);
const ids = (steps: readonly TraceStep[]) => steps.map((s) => s.nodeId);

describe('runEvent', () => {
  const tvToNote = graph(
    [node('tv', 'source.tradingview', { channel: 'nifty', actions: ['ENTRY'] }), node('note', 'exec.notify', { message: 'got {{action}}' })],
    [edge('tv', 'signal', 'note')],
  );

  it.each([
    ['another channel', tvSignal('s1', 'ENTRY', T0, { channel: 'banknifty' })],
    ['another source on the same channel', tvSignal('s1', 'ENTRY', T0, { source: 'python' })],
    ['an action the source does not listen to', tvSignal('s1', 'EXIT', T0)],
  ])('ignores a signal no source matches (%s): nothing runs', async (_case, signal) => {
    const { run, logs } = await runOne(tvToNote, signal);
    expect(run).toEqual({ signalId: 's1', status: 'ignored', startedAt: T0, durationUs: expect.any(Number), steps: [] });
    expect(logs).toEqual([]);
  });

  it('flows a matching signal downstream in plan order, skipping branches it was not sent down', async () => {
    const g = graph(
      [
        node('enter', 'exec.enter'),
        node('sl', 'risk.leg'),
        node('straddle', 'legs.strategy'),
        node('exit', 'exec.exit'),
        node('route', 'transform.switch'),
        node('audit', 'exec.notify', { message: 'audit {{action}}' }),
        node('tv', 'source.tradingview', { channel: 'nifty' }),
      ],
      [
        edge('tv', 'signal', 'route'),
        edge('tv', 'signal', 'audit'),
        edge('route', 'case1', 'straddle'),
        edge('route', 'case2', 'exit'),
        edge('straddle', 'legs', 'sl'),
        edge('sl', 'out', 'enter'),
      ],
    );
    const { run, engine, logs } = await runOne(g, entry);
    expect(run.status).toBe('completed');
    expect(ids(run.steps)).toEqual(['tv', 'audit', 'route', 'straddle', 'sl', 'enter']);
    expect(run.steps.every((s) => s.status === 'ok')).toBe(true);
    // What a node received is what the node before it sent.
    expect(run.steps[2]?.input).toEqual(run.steps[0]?.output.signal?.[0]);
    expect(run.steps[5]?.input).toEqual(run.steps[4]?.output.out?.[0]);
    expect(logs).toEqual(['audit ENTRY']);
    const orders = await engine.broker.orders();
    expect(orders.map((o) => [o.side, o.qty, o.status])).toEqual([
      ['SELL', 65, 'FILLED'],
      ['SELL', 65, 'FILLED'],
    ]);
  });

  it('sends the message down one output of a condition only', async () => {
    const g = graph(
      [
        node('tv', 'source.tradingview', { channel: 'nifty' }),
        node('cond', 'transform.condition', { rule: { '>': [{ var: 'price' }, 24000] } }),
        node('above', 'exec.notify', { message: 'above at {{price}}' }),
        node('below', 'exec.notify', { message: 'below at {{price}}' }),
      ],
      [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'above'), edge('cond', 'false', 'below')],
    );
    const high = await runOne(g, tvSignal('s1', 'ENTRY', T0, { price: 24510.5 }));
    expect(ids(high.run.steps)).toEqual(['tv', 'cond', 'above']);
    expect(Object.keys(high.run.steps[1]?.output ?? {})).toEqual(['true']);
    expect(high.logs).toEqual(['above at 24510.5']);

    const low = await runOne(g, tvSignal('s2', 'ENTRY', T0, { price: 23990 }));
    expect(ids(low.run.steps)).toEqual(['tv', 'cond', 'below']);
    expect(Object.keys(low.run.steps[1]?.output ?? {})).toEqual(['false']);
    expect(low.logs).toEqual(['below at 23990']);
  });

  it('fails only the path of a node that throws: the other branch still runs and the run is failed', async () => {
    const g = graph(
      [
        node('tv', 'source.tradingview', { channel: 'nifty' }),
        node('crude', 'legs.strategy', { underlying: 'CRUDEOIL' }, { label: 'Crude straddle' }),
        node('enter', 'exec.enter'),
        node('note', 'exec.notify', { message: 'still here' }),
      ],
      [edge('tv', 'signal', 'crude'), edge('crude', 'legs', 'enter'), edge('tv', 'signal', 'note')],
    );
    const { run, engine, logs } = await runOne(g, entry);
    expect(run.status).toBe('failed');
    expect(ids(run.steps)).toEqual(['tv', 'crude', 'note']);
    const failed = run.steps[1]!;
    expect(failed).toMatchObject({ nodeId: 'crude', type: 'legs.strategy', label: 'Crude straddle', status: 'failed', output: {} });
    expect(failed.error).toBe('Underlying "CRUDEOIL" is not in the instrument file. Known: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX.');
    expect(run.steps[2]).toMatchObject({ nodeId: 'note', status: 'ok' });
    expect(logs).toEqual(['still here']);
    expect(await engine.broker.orders()).toEqual([]);
  });

  it("records a node's own error in the trace: Enter legs given a message without legs", async () => {
    // A test-only node that claims legs but sends none, so the real exec.enter meets an empty message.
    const noLegs = defineNode({
      type: 'test.no-legs',
      version: 1,
      category: 'legs',
      title: 'No legs',
      description: 'Passes the signal on without adding legs.',
      inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
      outputs: [{ name: 'legs', kind: 'legs', label: 'Legs' }],
      params: z.object({}),
      summary: () => 'no legs',
      run: (_ctx, input) => ({ legs: input }),
    });
    const g = graph(
      [node('tv', 'source.tradingview', { channel: 'nifty' }), node('empty', 'test.no-legs'), node('enter', 'exec.enter')],
      [edge('tv', 'signal', 'empty'), edge('empty', 'legs', 'enter')],
    );
    const { run } = await runOne(g, entry, createRegistry([...catalogue, noLegs]));
    expect(run.status).toBe('failed');
    expect(run.steps.at(-1)).toMatchObject({
      nodeId: 'enter',
      status: 'failed',
      error: 'no legs to enter: connect a leg node (Option leg or Strategy preset) before Enter legs',
    });
  });

  it('fails a node that sends through an output it does not have, and sends nothing on', async () => {
    const wrongPort = defineNode({
      type: 'test.wrong-port',
      version: 1,
      category: 'transform',
      title: 'Wrong port',
      description: 'Sends through a port it does not declare.',
      inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
      outputs: [{ name: 'out', kind: 'same', label: 'Out' }],
      params: z.object({}),
      summary: () => 'wrong port',
      run: (_ctx, input) => ({ elsewhere: input }),
    });
    const g = graph(
      [node('tv', 'source.tradingview', { channel: 'nifty' }), node('odd', 'test.wrong-port'), node('note', 'exec.notify')],
      [edge('tv', 'signal', 'odd'), edge('odd', 'out', 'note')],
    );
    const { run, logs } = await runOne(g, entry, createRegistry([...catalogue, wrongPort]));
    expect(run.status).toBe('failed');
    expect(ids(run.steps)).toEqual(['tv', 'odd']);
    expect(run.steps[1]).toMatchObject({ status: 'failed', error: 'node returned an unknown output "elsewhere"', output: {} });
    expect(logs).toEqual([]);
  });

  it('traces every step with its node, type, label, status, clock time, duration and message summaries', async () => {
    const g = graph(
      [
        node('tv', 'source.tradingview', { channel: 'nifty' }),
        node('wait', 'transform.delay', { seconds: 10 }, { label: 'Let it settle' }),
        node('straddle', 'legs.strategy'),
      ],
      [edge('tv', 'signal', 'wait'), edge('wait', 'out', 'straddle')],
    );
    const streamed: TraceStep[] = [];
    const { run } = await runOne(g, entry, registry, { onStep: (_signal, step) => streamed.push(step) });
    expect(run).toMatchObject({ signalId: 's1', status: 'completed', startedAt: T0 });
    const plain = { action: 'ENTRY', channel: 'nifty', source: 'tradingview' };
    expect(run.steps[0]).toEqual({
      nodeId: 'tv',
      type: 'source.tradingview',
      label: 'TradingView alert',
      status: 'ok',
      startedAt: T0,
      durationUs: expect.any(Number),
      input: plain,
      output: { signal: [plain] },
    });
    expect(run.steps[1]).toMatchObject({ nodeId: 'wait', type: 'transform.delay', label: 'Let it settle', startedAt: T0, output: { out: [plain] } });
    // The delay waited on the deployment's clock, so the next node started 10 s later on that clock.
    expect(run.steps[2]).toMatchObject({ nodeId: 'straddle', startedAt: T0 + 10_000, input: plain });
    expect(run.steps[2]?.output.legs).toEqual([
      {
        ...plain,
        legs: [
          { id: 'straddle.ce', symbol: expect.stringMatching(/^NIFTY01DEC26\d+CE$/), side: 'SELL', qty: 65 },
          { id: 'straddle.pe', symbol: expect.stringMatching(/^NIFTY01DEC26\d+PE$/), side: 'SELL', qty: 65 },
        ],
      },
    ]);
    for (const step of run.steps) {
      expect(Number.isInteger(step.durationUs)).toBe(true);
      expect(step.durationUs).toBeGreaterThanOrEqual(0);
      expect(step).not.toHaveProperty('error');
    }
    expect(streamed).toEqual(run.steps);
  });

  it('runs a downstream node once per message: two sources matching one signal run it twice', async () => {
    const g = graph(
      [
        node('tv-a', 'source.tradingview', { channel: 'nifty' }),
        node('tv-b', 'source.tradingview', { channel: 'nifty', actions: ['ENTRY'] }),
        node('note', 'exec.notify', { message: '{{action}} {{signal.id}}' }),
      ],
      [edge('tv-a', 'signal', 'note'), edge('tv-b', 'signal', 'note')],
    );
    const { run, logs } = await runOne(g, entry);
    expect(ids(run.steps)).toEqual(['tv-a', 'tv-b', 'note', 'note']);
    expect(logs).toEqual(['ENTRY s1', 'ENTRY s1']);
  });

  it('hands each branch its own message: what one branch adds, the other never sees', async () => {
    const g = graph(
      [
        node('tv', 'source.tradingview', { channel: 'nifty' }),
        node('mark', 'transform.set', { fields: { marked: true } }),
        node('a-note', 'exec.notify', { message: 'a: {{vars.marked}}' }),
        node('b-note', 'exec.notify', { message: 'b: {{vars.marked}}' }),
      ],
      [edge('tv', 'signal', 'mark'), edge('mark', 'out', 'a-note'), edge('tv', 'signal', 'b-note')],
    );
    const { run, logs } = await runOne(g, entry);
    expect(ids(run.steps)).toEqual(['tv', 'b-note', 'mark', 'a-note']);
    expect(logs).toEqual(['b: ', 'a: true']);
    expect(run.steps[1]?.input).not.toHaveProperty('vars');
  });
});
