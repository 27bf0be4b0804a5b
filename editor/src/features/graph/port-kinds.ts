import { canConnect, resolveOutputKind, type InputKind, type ValueKind } from '../../../../runtime/ports.ts';
import type { NodeType } from '../../api/schemas.ts';
import { sameConnection, type Connection, type GraphDoc } from './graph-doc.ts';

export type TypeLookup = ReadonlyMap<string, NodeType>;

const KIND_NAMES: Record<InputKind, string> = { signal: 'a signal', legs: 'option legs', any: 'anything' };

/** The kind an output port carries in this graph: `same` outputs take the kind arriving upstream. */
export function outputKind(doc: GraphDoc, types: TypeLookup, nodeId: string, handle: string, seen: ReadonlySet<string> = new Set()): ValueKind | undefined {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const port = node && types.get(node.type)?.outputs.find((p) => p.name === handle);
  if (!port) return undefined;
  if (port.kind !== 'same') return port.kind;
  // A loop is reported by validation; here it only must not recurse for ever.
  if (seen.has(nodeId)) return 'signal';
  const inner = new Set(seen).add(nodeId);
  const incoming = doc.edges
    .filter((e) => e.target === nodeId)
    .map((e) => outputKind(doc, types, e.source, e.sourceHandle, inner))
    .filter((k): k is ValueKind => k !== undefined);
  return resolveOutputKind('same', incoming);
}

function reaches(doc: GraphDoc, from: string, to: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of doc.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/**
 * Why a connection may not be drawn, or null when it may: the same kind rule the server validates with
 * (`canConnect`), plus no loops, no self-connections and no duplicates.
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
  if (reaches(doc, c.target, c.source)) return 'This connection would make a loop; a signal must flow one way.';
  return null;
}
