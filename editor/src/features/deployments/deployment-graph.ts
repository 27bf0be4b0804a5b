import type { GraphNode } from '../graph/graph-doc.ts';

/** A manual-trigger node of a deployed graph: what its button is called and sends. */
export interface ManualTrigger {
  nodeId: string;
  label: string;
  action: string;
}

export function manualTriggers(nodes: readonly GraphNode[]): ManualTrigger[] {
  return nodes
    .filter((n) => n.type === 'source.manual')
    .map((n) => ({ nodeId: n.id, label: n.label ?? n.id, action: typeof n.params.action === 'string' ? n.params.action.toUpperCase() : 'ENTRY' }));
}

/** The underlying a graph trades (its first leg node's), for the live chart; NIFTY when none says. */
export function underlyingOf(nodes: readonly GraphNode[]): string {
  for (const n of nodes) if (typeof n.params.underlying === 'string') return n.params.underlying;
  return 'NIFTY';
}
