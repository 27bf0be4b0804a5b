import { describe, expect, it } from 'vitest';
import { makeStore } from '../../store/store.ts';
import { HISTORY_LIMIT } from './history.ts';
import {
  connected,
  documentReplaced,
  elementsDeleted,
  fragmentPasted,
  nodeAdded,
  nodesMoved,
  paramsCommitted,
  redone,
  selectCanRedo,
  selectCanUndo,
  undone,
} from './graphSlice.ts';

const add = (type: string, x = 0) => nodeAdded({ type, typeVersion: 1, params: { lots: 1 }, position: { x, y: 0 } });

describe('graph edits and their history', () => {
  it('undoes and redoes every kind of edit, one step each', () => {
    const store = makeStore();
    const doc = () => store.getState().graph.doc;
    store.dispatch(add('source.tradingview'));
    store.dispatch(add('legs.strategy', 200));
    store.dispatch(connected({ source: 'tradingview', sourceHandle: 'signal', target: 'strategy', targetHandle: 'in' }));
    store.dispatch(paramsCommitted({ nodeId: 'strategy', params: { lots: 2 } }));
    store.dispatch(elementsDeleted({ nodes: ['tradingview'], edges: [] }));
    expect(doc().nodes.map((n) => n.id)).toEqual(['strategy']);
    expect(doc().edges).toEqual([]);

    store.dispatch(undone());
    expect(doc().edges).toEqual([{ id: 'e1', source: 'tradingview', sourceHandle: 'signal', target: 'strategy', targetHandle: 'in' }]);
    store.dispatch(undone());
    expect(doc().nodes[1]!.params).toEqual({ lots: 1 });
    store.dispatch(redone());
    expect(doc().nodes[1]!.params).toEqual({ lots: 2 });
    for (let i = 0; i < 10; i++) store.dispatch(undone());
    expect(doc().nodes).toEqual([]);
    expect(selectCanUndo(store.getState())).toBe(false);
    expect(selectCanRedo(store.getState())).toBe(true);
  });

  it('makes a whole drag one undo step', () => {
    const store = makeStore();
    store.dispatch(add('exec.enter'));
    for (const x of [10, 20, 30]) store.dispatch(nodesMoved({ moves: [{ id: 'enter', position: { x, y: 0 } }], done: false }));
    store.dispatch(nodesMoved({ moves: [{ id: 'enter', position: { x: 40, y: 0 } }], done: true }));
    expect(store.getState().graph.doc.nodes[0]!.position).toEqual({ x: 40, y: 0 });
    store.dispatch(undone());
    expect(store.getState().graph.doc.nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it('pastes copies with fresh ids and the connections between them only', () => {
    const store = makeStore();
    store.dispatch(add('legs.strategy'));
    store.dispatch(add('risk.leg'));
    store.dispatch(connected({ source: 'strategy', sourceHandle: 'legs', target: 'leg', targetHandle: 'in' }));
    const { nodes, edges } = store.getState().graph.doc;
    store.dispatch(fragmentPasted({ fragment: { nodes, edges }, offset: { x: 40, y: 40 } }));
    const after = store.getState().graph;
    expect(after.doc.nodes.map((n) => n.id)).toEqual(['strategy', 'leg', 'strategy2', 'leg2']);
    expect(after.doc.edges.map((e) => `${e.id}:${e.source}->${e.target}`)).toEqual(['e1:strategy->leg', 'e2:strategy2->leg2']);
    expect(after.selection.nodes).toEqual(['strategy2', 'leg2']);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const store = makeStore();
    store.dispatch(add('exec.enter'));
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) store.dispatch(documentReplaced({ name: `v${i}`, description: '', nodes: [], edges: [] }));
    expect(store.getState().graph.past).toHaveLength(HISTORY_LIMIT);
  });
});
