import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { compileGraph } from './plan.ts';
import { SimEngine } from './sim-engine.ts';
import { tvSignal } from './testing/graph.ts';
import { istToMs } from './time.ts';
import { packTrace, unpackTrace, type PackedRunRecord, type RunRecord } from './trace.ts';

const T0 = istToMs('2026-11-25', '10:00');
const straddle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'templates', 'short-straddle.graph.json'), 'utf8')) as unknown;

async function entryRun(): Promise<RunRecord> {
  const engine = new SimEngine({ startMs: T0, seed: 11 });
  const deployment = engine.deploy(compileGraph(straddle, registry), { id: 'dep-1' });
  const run = await deployment.submit(tvSignal('s1', 'ENTRY', T0, { channel: 'nifty-straddle' }));
  await engine.idle();
  return run;
}

describe('stored traces', () => {
  it('keep each message picture once: the short straddle ENTRY stores 3 of its 12 summaries, in under 2/3 of the size, and reads back the same', async () => {
    const run = await entryRun();
    expect(run.steps.map((s) => s.nodeId)).toEqual(['tv', 'route', 'straddle', 'sl', 'squareoff', 'enter']);
    // The switch passes its input on: same message, same summary object, stored once.
    expect(run.steps[1]!.output.case1![0]).toBe(run.steps[1]!.input);
    expect(run.steps[1]!.input).toBe(run.steps[0]!.output.signal![0]);

    const full = JSON.stringify(run);
    const stored = JSON.stringify(packTrace(run));
    const summaries = (json: string) => json.match(/"action":/g)?.length;
    expect([summaries(full), summaries(stored)]).toEqual([12, 3]);
    expect(stored.length).toBeLessThan((full.length * 2) / 3);
    expect(stored).toContain('"input":{"$ref":[2,"legs",0]}');

    expect(unpackTrace(JSON.parse(stored) as PackedRunRecord)).toEqual(JSON.parse(full));
  });

  it('read a trace stored before packing unchanged', async () => {
    const full = JSON.parse(JSON.stringify(await entryRun())) as RunRecord;
    expect(unpackTrace(full)).toEqual(full);
  });

  it('refuse a reference that points nowhere instead of inventing a message', async () => {
    const packed = JSON.parse(JSON.stringify(packTrace(await entryRun()))) as PackedRunRecord;
    packed.steps[2]!.input = { $ref: [9, 'out', 0] };
    expect(() => unpackTrace(packed)).toThrow('trace reference [9,"out",0] points nowhere');
  });

  it('merge pictures equal as JSON whatever their key order, and keep apart ones that differ deep inside', () => {
    const legs = (qty: number) => [{ id: 'ce', symbol: 'NIFTY01DEC2625900CE', side: 'SELL', qty }];
    const a = { action: 'ENTRY', channel: 'n', source: 'tradingview', legs: legs(65) };
    const sameOtherOrder = { source: 'tradingview', legs: legs(65), channel: 'n', action: 'ENTRY' };
    const otherQty = { ...a, legs: legs(130) };
    const step = (i: number, input: object, out: object) =>
      ({ nodeId: `n${i}`, type: 't', label: '', status: 'ok', startedAt: 0, durationUs: 1, input, output: { out: [out] } }) as RunRecord['steps'][number];
    const run: RunRecord = {
      signalId: 's',
      status: 'completed',
      startedAt: 0,
      durationUs: 2,
      steps: [step(0, a, sameOtherOrder), step(1, otherQty, otherQty)],
    };
    const packed = packTrace(run);
    expect(packed.steps.map((s) => [s.input, s.output.out![0]])).toEqual([
      [a, { $ref: [0] }],
      [otherQty, { $ref: [1] }],
    ]);
    expect(unpackTrace(JSON.parse(JSON.stringify(packed)) as PackedRunRecord).steps[0]!.output.out![0]).toEqual(sameOtherOrder);
  });
});
