import { describe, expect, it } from 'vitest';
import { closesLoop, reaches, topologicalOrder } from './graph-order.ts';
import { edge, node } from './testing/graph.ts';

describe('topologicalOrder', () => {
  const nodes = [node('c', 'x'), node('b', 'x'), node('a', 'x'), node('d', 'x')];
  const edges = [edge('c', 'o', 'd'), edge('a', 'o', 'd')];

  it('breaks ties by node id, never by array order or canvas position', () => {
    expect(topologicalOrder({ nodes, edges })).toEqual({ ids: ['a', 'b', 'c', 'd'] });
    const moved = [...nodes].reverse().map((n, i) => ({ ...n, position: { x: -100 * i, y: 50 * i } }));
    expect(topologicalOrder({ nodes: moved, edges: [...edges].reverse() })).toEqual({ ids: ['a', 'b', 'c', 'd'] });
  });

  it('runs a node only after everything upstream of it, even when its id sorts first', () => {
    const chain = [node('z-source', 'x'), node('m', 'x'), node('a-sink', 'x')];
    expect(topologicalOrder({ nodes: chain, edges: [edge('z-source', 'o', 'm'), edge('m', 'o', 'a-sink')] }).ids).toEqual(['z-source', 'm', 'a-sink']);
  });

  it('returns the nodes of a loop, and ignores connections to unknown nodes', () => {
    const loop = topologicalOrder({
      nodes: [node('s', 'x'), node('p', 'x'), node('q', 'x')],
      edges: [edge('s', 'o', 'p'), edge('p', 'o', 'q'), edge('q', 'o', 'p'), edge('ghost', 'o', 's')],
    });
    expect(loop).toEqual({ ids: ['s'], cycle: ['p', 'q', 'p'] });
  });
});

describe('a connection that would close a loop', () => {
  const edges = [edge('tv', 'signal', 'legs'), edge('legs', 'legs', 'cond'), edge('cond', 'true', 'enter')];

  it('is one whose target already feeds its source, however far upstream', () => {
    expect(reaches(edges, 'tv', 'enter')).toBe(true);
    expect(reaches(edges, 'enter', 'tv')).toBe(false);
    expect(closesLoop(edges, { source: 'enter', target: 'legs' })).toBe(true);
    expect(closesLoop(edges, { source: 'cond', target: 'tv' })).toBe(true);
  });

  it('is not one between branches that do not feed each other, nor one repeating a link', () => {
    const branched = [...edges, edge('tv', 'signal', 'note')];
    expect(closesLoop(branched, { source: 'note', target: 'enter' })).toBe(false);
    expect(closesLoop(branched, { source: 'enter', target: 'note' })).toBe(false);
    expect(closesLoop(branched, { source: 'tv', target: 'legs' })).toBe(false);
  });
});
