import { describe, expect, it } from 'vitest';
import { edgeKinds, type KindedPorts } from './edge-kinds.ts';
import { topologicalOrder } from './graph-order.ts';
import { edge, node } from './testing/graph.ts';

const ports: Record<string, KindedPorts> = {
  tv: { inputs: [], outputs: [{ name: 'signal', kind: 'signal' }] },
  legs: { inputs: [{ name: 'in', kind: 'signal' }], outputs: [{ name: 'legs', kind: 'legs' }] },
  cond: { inputs: [{ name: 'in', kind: 'signal' }], outputs: [{ name: 'true', kind: 'same' }] },
  gate: { inputs: [{ name: 'in', kind: 'legs' }], outputs: [{ name: 'out', kind: 'same' }] },
};
const portsOf = (id: string) => ports[id.replace(/\d+$/, '')];
const kindsOf = (edges: ReturnType<typeof edge>[]) => {
  const nodes = [...new Set(edges.flatMap((e) => [e.source, e.target]))].map((id) => node(id, 'x'));
  return edgeKinds(edges, topologicalOrder({ nodes, edges }).ids, portsOf);
};

describe('what flows along each connection', () => {
  it('a `same` output carries legs only when legs arrive at its node', () => {
    const kinds = kindsOf([edge('tv', 'signal', 'legs'), edge('legs', 'legs', 'cond1'), edge('tv', 'signal', 'cond2')]);
    expect(kinds.outputKind('cond1', 'true')).toBe('legs');
    expect(kinds.outputKind('cond2', 'true')).toBe('signal');
    expect(kinds.outputKind('cond1', 'nope')).toBeUndefined();
    expect(kinds.refused).toEqual([]);
  });

  it('names the connections whose input refuses what arrives, and lets nothing through them', () => {
    const wrong = edge('tv', 'signal', 'gate');
    const kinds = kindsOf([edge('tv', 'signal', 'legs'), edge('legs', 'legs', 'gate'), wrong]);
    expect(kinds.refused).toEqual([{ edge: wrong, kind: 'signal', input: ports.gate!.inputs[0] }]);
    // Only legs reached the gate (the refused signal did not), so its `same` output carries legs.
    expect(kinds.outputKind('gate', 'out')).toBe('legs');
  });
});
