import type { z } from 'zod';
import type { AnyNodeDefinition } from './node-contract.ts';
import { graphSchema, type Graph, type GraphNode } from './graph-schema.ts';
import { edgeKinds } from './edge-kinds.ts';
import { topologicalOrder } from './graph-order.ts';
import type { NodeRegistry } from './registry.ts';
import { unknownParamKeys } from './param-keys.ts';
import { findForbiddenKey } from './signal.ts';

export type ProblemCode =
  | 'invalid_graph'
  | 'duplicate_id'
  | 'unknown_node_type'
  | 'newer_node_version'
  | 'invalid_params'
  | 'unknown_node'
  | 'unknown_port'
  | 'duplicate_edge'
  | 'wrong_port_kind'
  | 'cycle'
  | 'missing_source'
  | 'unconnected_input';

/** One thing wrong with a graph, pinned to the node or edge a trader has to fix. */
export interface GraphProblem {
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the node's params or the graph document. */
  path?: string;
}

/** A node whose type is known and whose params parsed, ready to compile. */
export interface CheckedNode {
  node: GraphNode;
  def: AnyNodeDefinition;
  params: unknown;
}

export type ValidationResult =
  { ok: true; graph: Graph; nodes: Map<string, CheckedNode>; problems: [] } | { ok: false; graph?: Graph; problems: GraphProblem[] };

/** Checks everything at once and returns every problem, so the trader can fix them in one pass. */
export function validateGraph(raw: unknown, registry: NodeRegistry): ValidationResult {
  const parsed = graphSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: schemaProblems(raw, parsed.error) };
  const graph = parsed.data;
  const problems: GraphProblem[] = [];
  const checked = checkNodes(graph, registry, problems);
  checkEdges(graph, checked, problems);
  const order = topologicalOrder(graph);
  if (order.cycle) {
    const names = order.cycle.map((id) => nameOf(graph, id)).join(' → ');
    const [first] = order.cycle;
    problems.push({
      code: 'cycle',
      ...(first !== undefined && { nodeId: first }),
      message: `These nodes feed each other in a loop: ${names}. Remove one of the connections.`,
    });
  } else {
    checkKinds(graph, checked, order.ids, problems);
  }
  checkSourcesAndInputs(graph, registry, checked, problems);
  if (problems.length > 0) return { ok: false, graph, problems };
  return { ok: true, graph, nodes: checked, problems: [] };
}

function schemaProblems(raw: unknown, error: z.ZodError): GraphProblem[] {
  const nodes = isRecord(raw) && Array.isArray(raw.nodes) ? raw.nodes : [];
  const edges = isRecord(raw) && Array.isArray(raw.edges) ? raw.edges : [];
  return error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    const problem: GraphProblem = {
      code: 'invalid_graph',
      message: `${issue.path.length ? issue.path.join('.') : 'graph'}: ${issue.message}`,
      path: issue.path.join('.'),
    };
    const item = typeof index === 'number' ? (head === 'nodes' ? nodes[index] : head === 'edges' ? edges[index] : undefined) : undefined;
    const itemId = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
    if (itemId && head === 'nodes') problem.nodeId = itemId;
    if (itemId && head === 'edges') problem.edgeId = itemId;
    if (itemId) problem.message = `${head === 'nodes' ? 'Node' : 'Connection'} "${itemId}": ${rest.length ? `${rest.join('.')} ` : ''}${issue.message}`;
    return problem;
  });
}

function checkNodes(graph: Graph, registry: NodeRegistry, problems: GraphProblem[]): Map<string, CheckedNode> {
  const checked = new Map<string, CheckedNode>();
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) {
      problems.push({ code: 'duplicate_id', nodeId: node.id, message: `Two nodes share the id "${node.id}"; ids must be unique.` });
      continue;
    }
    seen.add(node.id);
    const def = registry.get(node.type);
    if (!def) {
      problems.push({ code: 'unknown_node_type', nodeId: node.id, message: `Node "${node.id}" has an unknown type "${node.type}".` });
      continue;
    }
    if (node.typeVersion > def.version) {
      problems.push({
        code: 'newer_node_version',
        nodeId: node.id,
        message: `${label(node, def)} was saved by a newer Legflow (version ${node.typeVersion}; this one knows up to ${def.version}).`,
      });
      continue;
    }
    // Refused rather than parsed: zod drops such keys silently, so the node would run other params than saved.
    const forbidden = findForbiddenKey(node.params);
    if (forbidden) {
      problems.push({
        code: 'invalid_params',
        nodeId: node.id,
        path: forbidden,
        message: `${label(node, def)}: ${forbidden}: the key "${forbidden.split('.').at(-1)}" is not allowed; remove it.`,
      });
      continue;
    }
    const rawParams = node.typeVersion < def.version && def.migrate ? def.migrate(node.params, node.typeVersion) : node.params;
    const unknown = unknownParamKeys(def, rawParams);
    for (const path of unknown) {
      problems.push({
        code: 'invalid_params',
        nodeId: node.id,
        path,
        message: `${label(node, def)}: "${path}" is not a setting of this node (a typo?); remove or rename it.`,
      });
    }
    const result = def.params.safeParse(rawParams);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.join('.');
        problems.push({
          code: 'invalid_params',
          nodeId: node.id,
          path,
          message: `${label(node, def)}: ${path ? `${path} ` : ''}${issue.message}`,
        });
      }
      continue;
    }
    const extra = def.check?.(result.data) ?? [];
    for (const message of extra) problems.push({ code: 'invalid_params', nodeId: node.id, message: `${label(node, def)}: ${message}` });
    if (extra.length === 0 && unknown.length === 0) checked.set(node.id, { node, def, params: result.data });
  }
  return checked;
}

function checkEdges(graph: Graph, checked: Map<string, CheckedNode>, problems: GraphProblem[]): void {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edgeIds = new Set<string>();
  const links = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) {
      problems.push({ code: 'duplicate_id', edgeId: edge.id, message: `Two connections share the id "${edge.id}".` });
    }
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!byId.has(edge[end])) {
        problems.push({ code: 'unknown_node', edgeId: edge.id, message: `Connection "${edge.id}" points to a node "${edge[end]}" that does not exist.` });
      }
    }
    const from = checked.get(edge.source);
    if (from && !from.def.outputs.some((p) => p.name === edge.sourceHandle)) {
      problems.push({
        code: 'unknown_port',
        edgeId: edge.id,
        nodeId: edge.source,
        message: `${label(from.node, from.def)} has no output "${edge.sourceHandle}" (it has ${portList(from.def.outputs)}).`,
      });
    }
    const to = checked.get(edge.target);
    if (to && !to.def.inputs.some((p) => p.name === edge.targetHandle)) {
      problems.push({
        code: 'unknown_port',
        edgeId: edge.id,
        nodeId: edge.target,
        message: `${label(to.node, to.def)} has no input "${edge.targetHandle}" (it has ${portList(to.def.inputs)}).`,
      });
    }
    const link = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;
    if (links.has(link)) problems.push({ code: 'duplicate_edge', edgeId: edge.id, message: `Connection "${edge.id}" repeats another connection.` });
    links.add(link);
  }
}

/** Checks every edge by what flows along it, with the same `edgeKinds` the editor draws connections by. */
function checkKinds(graph: Graph, checked: Map<string, CheckedNode>, order: string[], problems: GraphProblem[]): void {
  const kinds = edgeKinds(graph.edges, order, (id) => checked.get(id)?.def);
  for (const { edge, kind, input } of kinds.refused) {
    const source = checked.get(edge.source)!;
    const target = checked.get(edge.target)!;
    problems.push({
      code: 'wrong_port_kind',
      edgeId: edge.id,
      nodeId: edge.target,
      message: `${label(target.node, target.def)} needs ${input.kind === 'legs' ? 'option legs' : input.kind} on "${input.label}", but ${label(source.node, source.def)} sends ${kind === 'legs' ? 'legs' : 'a signal without legs'}. Put a leg node before it.`,
    });
  }
}

function checkSourcesAndInputs(graph: Graph, registry: NodeRegistry, checked: Map<string, CheckedNode>, problems: GraphProblem[]): void {
  // By type, not by `checked`: a source whose params are wrong is still a source (its own problem says what to fix).
  const hasSource = graph.nodes.some((n) => registry.get(n.type)?.trigger);
  if (!hasSource) {
    problems.push({
      code: 'missing_source',
      message: 'The graph has no signal source: add a TradingView, Python, schedule, manual or position source so something can start it.',
    });
  }
  for (const c of checked.values()) {
    for (const input of c.def.inputs) {
      const connected = graph.edges.some((e) => e.target === c.node.id && e.targetHandle === input.name);
      if (!connected) {
        problems.push({
          code: 'unconnected_input',
          nodeId: c.node.id,
          message: `${label(c.node, c.def)} has nothing connected to its input "${input.label}"; connect it or remove the node.`,
        });
      }
    }
  }
}

function label(node: GraphNode, def: AnyNodeDefinition): string {
  return `"${node.label ?? def.title}" (${node.id})`;
}

function nameOf(graph: Graph, id: string): string {
  const node = graph.nodes.find((n) => n.id === id);
  return node?.label ? `${node.label} (${id})` : id;
}

function portList(ports: readonly { name: string }[]): string {
  return ports.length ? ports.map((p) => `"${p.name}"`).join(', ') : 'none';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
