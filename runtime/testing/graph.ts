/**
 * Builders for the engine's tests: graph JSON in its saved shape and normalised signals, with only what a
 * test cares about spelled out. Graphs built here go through the real validation like any saved graph.
 */
import type { GraphEdge, GraphNode } from '../graph-schema.ts';
import type { Signal } from '../signal.ts';

export function node(id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, params, ...extra };
}

/** A connection `source.sourceHandle → target.targetHandle`; its id is `source-sourceHandle-target` unless given. */
export function edge(source: string, sourceHandle: string, target: string, targetHandle = 'in', id = `${source}-${sourceHandle}-${target}`): GraphEdge {
  return { id, source, sourceHandle, target, targetHandle };
}

export function graph(nodes: unknown[], edges: unknown[] = []) {
  return { schemaVersion: 1, name: 'Test graph', nodes, edges };
}

/** A TradingView signal received at `at` (epoch ms); the id doubles as the duplicate key. */
export function tvSignal(id: string, action: string, at: number, over: Partial<Signal> = {}): Signal {
  return {
    id,
    source: 'tradingview',
    channel: 'nifty',
    action,
    receivedAt: new Date(at).toISOString(),
    data: {},
    dedupeKey: `nifty|id|${id}`,
    ...over,
  };
}
