import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { listenersOf, problemsText, sampleSignal } from './sample-signal.ts';
import { edge, graph, node } from './testing/graph.ts';
import { validateGraph } from './validate.ts';

const at = { id: 'sig-1', receivedAt: '2026-11-25T04:30:00.000Z' };

/** The listeners of a graph with these source nodes (each feeding a log), as saved. */
function heardBy(...sources: Array<ReturnType<typeof node>>) {
  const log = node('log', 'exec.notify');
  const checked = validateGraph(
    graph(
      [...sources, log],
      sources.map((s) => edge(s.id, 'signal', 'log')),
    ),
    registry,
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return listenersOf(checked.nodes.values());
}

describe('listenersOf', () => {
  it('lists each source node with its channel, in the order given; other nodes hear nothing', () => {
    const heard = heardBy(node('tv', 'source.tradingview', { channel: 'nifty' }), node('py', 'source.python', { channel: 'bank' }));
    expect(heard).toEqual([
      { source: 'tradingview', channel: 'nifty' },
      { source: 'python', channel: 'bank' },
    ]);
  });
});

describe('sampleSignal', () => {
  const heard = [
    { source: 'schedule' as const, channel: undefined },
    { source: 'tradingview' as const, channel: 'nifty' },
    { source: 'python' as const, channel: 'bank' },
  ];

  it('takes a missing channel and source from the first source node with a channel', () => {
    const result = sampleSignal({ action: 'entry' }, heard, at);
    expect(result).toMatchObject({ ok: true, signal: { id: 'sig-1', action: 'ENTRY', channel: 'nifty', source: 'tradingview', receivedAt: at.receivedAt } });
  });

  it('takes the source of the node on the given channel', () => {
    expect(sampleSignal({ action: 'ENTRY', channel: 'bank' }, heard, at)).toMatchObject({ ok: true, signal: { channel: 'bank', source: 'python' } });
  });

  it('keeps a source the sample gives', () => {
    expect(sampleSignal({ action: 'ENTRY', channel: 'bank', source: 'manual' }, heard, at)).toMatchObject({
      ok: true,
      signal: { channel: 'bank', source: 'manual' },
    });
  });

  it('sends a graph with only channel-less sources its source’s name as the channel', () => {
    expect(sampleSignal({ action: 'FIRE' }, [{ source: 'schedule', channel: undefined }], at)).toMatchObject({
      ok: true,
      signal: { channel: 'schedule', source: 'schedule' },
    });
  });

  it('with no source node, needs the channel in the sample', () => {
    const result = sampleSignal({ action: 'ENTRY' }, [], at);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['channel']);
    expect(sampleSignal({ action: 'ENTRY', channel: 'x' }, [], at)).toMatchObject({ ok: true, signal: { channel: 'x', source: 'manual' } });
  });

  it('reports every problem of a bad sample, and refuses a value that is not an object', () => {
    const bad = sampleSignal({ action: '', price: 'abc' }, heard, at);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && new Set(bad.problems.map((p) => p.path))).toEqual(new Set(['action', 'price']));
    expect(!bad.ok && problemsText(bad.problems)).toMatch(/^(action .+; price .+|price .+; action .+)$/);
    expect(sampleSignal(['ENTRY'], heard, at).ok).toBe(false);
    expect(sampleSignal('ENTRY', heard, at).ok).toBe(false);
  });
});
