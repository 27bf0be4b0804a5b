import { edgeKinds } from '../../../../runtime/edge-kinds.ts';
import { closesLoop, topologicalOrder } from '../../../../runtime/graph-order.ts';
import { canConnect, type InputKind, type ValueKind } from '../../../../runtime/ports.ts';
import type { NodeType } from '../../api/schemas.ts';
import { sameConnection, type Connection, type GraphDoc } from './graph-doc.ts';

export type TypeLookup = ReadonlyMap<string, NodeType>;

const KIND_NAMES: Record<InputKind, string> = { signal: 'a signal', legs: 'option legs', any: 'anything' };

/**
 * The kind an output port carries in this graph: `same` outputs take the kind arriving upstream, worked out
 * as the server's validation does (`edgeKinds`). Undefined for an unknown port, or one past a loop.
 */
export function outputKind(doc: GraphDoc, types: TypeLookup, nodeId: string, handle: string): ValueKind | undefined {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, types.get(n.type)]));
  return edgeKinds(doc.edges, topologicalOrder(doc).ids, (id) => typeOf.get(id)).outputKind(nodeId, handle);
}

/**
 * Why a connection may not be drawn, or null when it may: the same kind and loop rules the server validates
 * with (`canConnect`, `closesLoop`), plus no self-connections and no duplicates.
 */
export function connectionProblem(doc: GraphDoc, types: TypeLookup, c: Connection): string | null {
  if (c.source === c.target) return 'A node cannot connect to itself.';
  const source = doc.nodes.find((n) => n.id === c.source);
  const target = doc.nodes.find((n) => n.id === c.target);
  const sourceType = source && types.get(source.type);
  const targetType = target && types.get(target.type);
  const output = sourceType?.outputs.find((p) => p.name === c.sourceHandle);
  const input = targetType?.inputs.find((p) => p.name === c.targetHandle);
  if (!source || !target || !sourceType || !targetType || !output || !input) return 'One end of this connection is not a port of a known node.';
  if (doc.edges.some((e) => sameConnection(e, c))) return 'These ports are already connected.';
  const kind = outputKind(doc, types, c.source, c.sourceHandle) ?? 'signal';
  if (!canConnect(kind, input.kind)) {
    return `“${output.label}” of ${source.label ?? sourceType.title} sends ${KIND_NAMES[kind]}, but “${input.label}” of ${target.label ?? targetType.title} takes ${KIND_NAMES[input.kind]}.`;
  }
  if (closesLoop(doc.edges, c)) return 'This connection would make a loop; a signal must flow one way.';
  return null;
}
