import { z } from 'zod';

/** Node and edge ids: short, safe in URLs, logs and JSON Logic paths. */
export const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
const id = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, "_", ".", ":" or "-"');

export const graphNodeSchema = z.strictObject({
  id,
  type: z.string().min(1).max(64),
  typeVersion: z.number().int().min(1),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  label: z.string().max(100).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** Edge fields are React Flow's own, so the editor maps them one to one. */
export const graphEdgeSchema = z.strictObject({
  id,
  source: id,
  sourceHandle: z.string().min(1).max(64),
  target: id,
  targetHandle: z.string().min(1).max(64),
});

/**
 * The size of a graph: a run goes through it node by node, handing the thread back every few nodes
 * (runtime/execute.ts), so its length is what one signal costs; far more than a strategy needs.
 */
export const MAX_NODES = 1000;
export const MAX_EDGES = 5000;
export const TOO_MANY_NODES = `a graph holds at most ${MAX_NODES.toLocaleString('en-US')} nodes; split it into several graphs`;
export const TOO_MANY_EDGES = `a graph holds at most ${MAX_EDGES.toLocaleString('en-US')} connections; split it into several graphs`;

export const graphSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().max(64).optional(),
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'a graph needs a name' : 'the name must be text') })
    .trim()
    .min(1, 'a graph needs a name')
    .max(120),
  description: z.string().max(2000).default(''),
  rev: z.number().int().min(0).optional(),
  nodes: z.array(graphNodeSchema).max(MAX_NODES, TOO_MANY_NODES),
  edges: z.array(graphEdgeSchema).max(MAX_EDGES, TOO_MANY_EDGES),
});

export type Graph = z.output<typeof graphSchema>;
export type GraphNode = z.output<typeof graphNodeSchema>;
export type GraphEdge = z.output<typeof graphEdgeSchema>;
