/**
 * The order a graph's nodes run in and the loops that forbid one: the server's validation, the planner and
 * the editor (refusing a connection that would close a loop) all ask here. Pure: no node definitions.
 */

/** A connection as far as order is concerned: which node feeds which. */
export interface Link {
  source: string;
  target: string;
}

export interface TopologicalOrder {
  ids: string[];
  /** Node ids of one cycle, when there is one. */
  cycle?: string[];
}

/** Kahn's algorithm; among nodes ready at the same time the smaller id goes first, never canvas position. */
export function topologicalOrder(graph: { nodes: readonly { id: string }[]; edges: readonly Link[] }): TopologicalOrder {
  const ids = [...new Set(graph.nodes.map((n) => n.id))];
  const indegree = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue;
    next.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  const ready = ids.filter((id) => indegree.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of next.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) insertSorted(ready, t);
    }
  }
  if (order.length === ids.length) return { ids: order };
  return {
    ids: order,
    cycle: findCycle(
      ids.filter((id) => indegree.get(id)! > 0),
      next,
    ),
  };
}

function findCycle(remaining: string[], next: Map<string, string[]>): string[] {
  const inRest = new Set(remaining);
  const stack: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): string[] | undefined => {
    stack.push(id);
    onStack.add(id);
    for (const t of next.get(id) ?? []) {
      if (!inRest.has(t) || done.has(t)) continue;
      if (onStack.has(t)) return stack.slice(stack.indexOf(t)).concat(t);
      const found = visit(t);
      if (found) return found;
    }
    stack.pop();
    onStack.delete(id);
    done.add(id);
    return undefined;
  };
  for (const id of [...remaining].sort()) {
    const found = visit(id);
    if (found) return found;
  }
  return remaining;
}

function insertSorted(list: string[], id: string): void {
  let i = 0;
  while (i < list.length && list[i]! < id) i++;
  list.splice(i, 0, id);
}

/** Whether a path of connections leads from node `from` to node `to` (a node reaches itself). */
export function reaches(edges: readonly Link[], from: string, to: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Whether connecting `link.source` to `link.target` would close a loop: the target already feeds the source. */
export const closesLoop = (edges: readonly Link[], link: Link): boolean => reaches(edges, link.target, link.source);
