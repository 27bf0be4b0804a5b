import { describe, expect, it } from 'vitest';
import type { NodeType } from '../../api/schemas.ts';
import type { GraphDoc } from './graph-doc.ts';
import { connectionProblem, outputKind } from './port-kinds.ts';

const type = (t: string, inputs: NodeType['inputs'], outputs: NodeType['outputs']): NodeType => ({
  type: t,
  version: 1,
  category: t.split('.')[0]!,
  title: t,
  description: '',
  inputs,
  outputs,
  params: {},
  defaults: {},
  summary: '',
});

const types = new Map(
  [
    type('source.tv', [], [{ name: 'signal', kind: 'signal', label: 'Signal' }]),
    type('transform.condition', [{ name: 'in', kind: 'signal', label: 'In' }], [{ name: 'true', kind: 'same', label: 'True' }]),
    type('legs.strategy', [{ name: 'in', kind: 'signal', label: 'In' }], [{ name: 'legs', kind: 'legs', label: 'Legs' }]),
    type('risk.leg', [{ name: 'in', kind: 'legs', label: 'Legs' }], [{ name: 'out', kind: 'legs', label: 'Legs' }]),
    type('exec.notify', [{ name: 'in', kind: 'any', label: 'In' }], [{ name: 'out', kind: 'same', label: 'Out' }]),
  ].map((t) => [t.type, t]),
);

const node = (id: string, t: string) => ({ id, type: t, typeVersion: 1, position: { x: 0, y: 0 }, params: {} });
const doc: GraphDoc = {
  name: 'g',
  description: '',
  nodes: [
    node('tv', 'source.tv'),
    node('cond', 'transform.condition'),
    node('legs', 'legs.strategy'),
    node('sl', 'risk.leg'),
    node('cond2', 'transform.condition'),
    node('log', 'exec.notify'),
  ],
  edges: [
    { id: 'e1', source: 'tv', sourceHandle: 'signal', target: 'legs', targetHandle: 'in' },
    { id: 'e2', source: 'legs', sourceHandle: 'legs', target: 'cond2', targetHandle: 'in' },
  ],
};
const link = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

describe('which connections may be drawn', () => {
  it('refuses a plain signal into a legs input, saying what each side carries', () => {
    expect(connectionProblem(doc, types, link('tv', 'signal', 'sl', 'in'))).toBe(
      '“Signal” of source.tv sends a signal, but “Legs” of risk.leg takes option legs.',
    );
  });

  it('lets legs into a signal input, and anything into an "any" input', () => {
    expect(connectionProblem(doc, types, link('legs', 'legs', 'cond', 'in'))).toBeNull();
    expect(connectionProblem(doc, types, link('tv', 'signal', 'log', 'in'))).toBeNull();
  });

  it('resolves "same" outputs from what flows into the node, as the server does', () => {
    expect(outputKind(doc, types, 'cond2', 'true')).toBe('legs');
    expect(outputKind(doc, types, 'cond', 'true')).toBe('signal');
    expect(connectionProblem(doc, types, link('cond2', 'true', 'sl', 'in'))).toBeNull();
    expect(connectionProblem(doc, types, link('cond', 'true', 'sl', 'in'))).toMatch(/sends a signal/);
  });

  it('refuses loops, self-connections, duplicates and unknown ports', () => {
    expect(connectionProblem(doc, types, link('cond2', 'true', 'legs', 'in'))).toMatch(/loop/);
    expect(connectionProblem(doc, types, link('cond', 'true', 'cond', 'in'))).toMatch(/itself/);
    expect(connectionProblem(doc, types, link('tv', 'signal', 'legs', 'in'))).toMatch(/already connected/);
    expect(connectionProblem(doc, types, link('tv', 'nope', 'legs', 'in'))).toMatch(/not a port/);
  });
});
