/**
 * What kind of value flows along each connection of a graph, once `same` outputs take the kind that arrives
 * at their node, and which connections end at an input that refuses it. The server's validation reports
 * those; the editor refuses to draw them. Pure: a node's ports come from the caller.
 */
import type { Link } from './graph-order.ts';
import { canConnect, resolveOutputKind, type InputKind, type OutputKind, type ValueKind } from './ports.ts';

/** A connection between two named ports. */
export interface Wire extends Link {
  sourceHandle: string;
  targetHandle: string;
}

/** A node's ports with their kinds (a node definition and the catalogue's description both are one). */
export interface KindedPorts {
  inputs: readonly { name: string; kind: InputKind }[];
  outputs: readonly { name: string; kind: OutputKind }[];
}

export interface EdgeKinds<W extends Wire, P extends KindedPorts> {
  /** What an output carries; undefined when its node is unknown, past a loop, or has no such output. */
  outputKind(nodeId: string, port: string): ValueKind | undefined;
  /** Connections whose input does not take what arrives, in run order. */
  refused: Array<{ edge: W; kind: ValueKind; input: P['inputs'][number] }>;
}

const key = (nodeId: string, port: string) => `${nodeId}\u0000${port}`;

/**
 * Walks the nodes in run `order` (see `topologicalOrder`), so each node's inputs are known before its
 * outputs are resolved. A refused connection brings nothing into its target.
 */
export function edgeKinds<W extends Wire, P extends KindedPorts>(
  edges: readonly W[],
  order: readonly string[],
  portsOf: (nodeId: string) => P | undefined,
): EdgeKinds<W, P> {
  const outputs = new Map<string, ValueKind>();
  const incoming = new Map<string, ValueKind[]>();
  const refused: EdgeKinds<W, P>['refused'] = [];
  for (const id of order) {
    const ports = portsOf(id);
    if (!ports) continue;
    const arriving = incoming.get(id) ?? [];
    for (const port of ports.outputs) outputs.set(key(id, port.name), resolveOutputKind(port.kind, arriving));
    for (const edge of edges) {
      if (edge.source !== id) continue;
      const kind = outputs.get(key(id, edge.sourceHandle));
      const input = portsOf(edge.target)?.inputs.find((p) => p.name === edge.targetHandle);
      if (!kind || !input) continue;
      if (!canConnect(kind, input.kind)) {
        refused.push({ edge, kind, input });
        continue;
      }
      const list = incoming.get(edge.target) ?? [];
      list.push(kind);
      incoming.set(edge.target, list);
    }
  }
  return { outputKind: (nodeId, port) => outputs.get(key(nodeId, port)), refused };
}
