import type { Graph, GraphEdge, GraphNode } from '../../../../runtime/graph-schema.ts';

export type { GraphEdge, GraphNode };

/** The part of a graph the trader edits: what undo and redo move through, and what is saved. */
export interface GraphDoc {
  name: string;
  description: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const emptyDoc = (name = 'Untitled strategy'): GraphDoc => ({ name, description: '', nodes: [], edges: [] });

export function docOf(graph: Pick<Graph, 'name' | 'description' | 'nodes' | 'edges'>): GraphDoc {
  return { name: graph.name, description: graph.description, nodes: graph.nodes, edges: graph.edges };
}

/** Graph JSON (schemaVersion 1) as the server stores it; only node and edge fields, no UI state. */
export function graphJson(doc: GraphDoc, id?: string | null): Graph {
  return { schemaVersion: 1, ...(id ? { id } : {}), name: doc.name, description: doc.description, nodes: doc.nodes, edges: doc.edges };
}

/** The first of `base`, `base2`, `base3`, … not in `taken`, trimmed to the id pattern's 64 characters. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  const stem =
    base
      .replace(/[^A-Za-z0-9_.:-]/g, '-')
      .replace(/^[^A-Za-z0-9_]+/, '')
      .slice(0, 56) || 'node';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A readable id for a new node of `type`: `legs.strategy` → `strategy`, `strategy2`, … */
export function nodeIdFor(type: string, doc: GraphDoc): string {
  return freeId(type.split('.').pop() ?? type, new Set(doc.nodes.map((n) => n.id)));
}

/** `e<n>`, the first free from the count of edges up, so ids stay short. */
export function freeEdgeId(taken: ReadonlySet<string>): string {
  for (let n = taken.size + 1; ; n++) if (!taken.has(`e${n}`)) return `e${n}`;
}

export interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export const sameConnection = (a: Connection, b: Connection) =>
  a.source === b.source && a.sourceHandle === b.sourceHandle && a.target === b.target && a.targetHandle === b.targetHandle;

/** Nodes and the edges between them, as copied to the clipboard. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function fragmentOf(doc: GraphDoc, nodeIds: readonly string[]): Fragment {
  const ids = new Set(nodeIds);
  return { nodes: doc.nodes.filter((n) => ids.has(n.id)), edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** A fragment with fresh ids for `doc`, moved by `offset`; its inner edges follow the new ids. */
export function rekeyFragment(fragment: Fragment, doc: GraphDoc, offset: { x: number; y: number }): Fragment {
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = freeId(n.id.replace(/\d+$/, ''), nodeIds);
    nodeIds.add(id);
    renamed.set(n.id, id);
    return { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
  });
  const edges = fragment.edges.map((e) => {
    const id = freeEdgeId(edgeIds);
    edgeIds.add(id);
    return { ...e, id, source: renamed.get(e.source) ?? e.source, target: renamed.get(e.target) ?? e.target };
  });
  return { nodes, edges };
}
