import type { AnyNodeDefinition } from './node-contract.ts';
import type { Graph } from './graph-schema.ts';
import type { NodeRegistry } from './registry.ts';
import { topologicalOrder } from './graph-order.ts';
import { validateGraph, type GraphProblem } from './validate.ts';

/** Where one output port's messages go. */
export interface PlanTarget {
  /** Index of the target node in `Plan.steps`. */
  step: number;
  port: string;
}

export interface PlanStep {
  index: number;
  nodeId: string;
  label: string;
  def: AnyNodeDefinition;
  /** Parsed, typed params: parsed once here, never per event. */
  params: unknown;
  /** Output port name → targets. */
  routes: ReadonlyMap<string, readonly PlanTarget[]>;
}

/** A compiled graph: steps in topological order (ties by node id), sources first among equals. */
export interface Plan {
  graph: Graph;
  steps: readonly PlanStep[];
  /** Indexes of source steps. */
  sources: readonly number[];
  /** Channels the graph listens on, by signal source: what routes a signal to a deployment. */
  channels: ReadonlyArray<{ source: string; channel: string; nodeId: string }>;
}

export class GraphInvalidError extends Error {
  constructor(readonly problems: GraphProblem[]) {
    super(`The graph has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => p.message).join(' ')}`);
    this.name = 'GraphInvalidError';
  }
}

/** Validates and compiles once per published version; throws GraphInvalidError with every problem. */
export function compileGraph(raw: unknown, registry: NodeRegistry): Plan {
  const result = validateGraph(raw, registry);
  if (!result.ok) throw new GraphInvalidError(result.problems);
  const { graph, nodes } = result;
  const order = topologicalOrder(graph).ids;
  const indexOf = new Map(order.map((id, i) => [id, i]));
  const steps: PlanStep[] = order.map((nodeId, index) => {
    const checked = nodes.get(nodeId)!;
    const routes = new Map<string, PlanTarget[]>();
    // Edges in id order so fan-out delivery order is stable too.
    const outgoing = graph.edges.filter((e) => e.source === nodeId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const edge of outgoing) {
      const list = routes.get(edge.sourceHandle) ?? [];
      list.push({ step: indexOf.get(edge.target)!, port: edge.targetHandle });
      routes.set(edge.sourceHandle, list);
    }
    return { index, nodeId, label: checked.node.label ?? checked.def.title, def: checked.def, params: checked.params, routes };
  });
  const sources = steps.filter((s) => s.def.trigger).map((s) => s.index);
  const channels = sources.flatMap((i) => {
    const step = steps[i]!;
    const channel = step.def.trigger!.channel?.(step.params);
    return channel ? [{ source: step.def.trigger!.source, channel, nodeId: step.nodeId }] : [];
  });
  return { graph, steps, sources, channels };
}
