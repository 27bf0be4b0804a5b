import type { Graph } from '../../../../runtime/graph-schema.ts';

const W = 240;
const H = 90;

/** A thumbnail of a graph: its nodes as boxes where they sit, its connections as lines. */
export function TemplatePreview({ graph }: { graph: Pick<Graph, 'nodes' | 'edges'> }) {
  if (graph.nodes.length === 0) return null;
  const xs = graph.nodes.map((n) => n.position.x);
  const ys = graph.nodes.map((n) => n.position.y);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const scale = Math.min((W - 40) / Math.max(Math.max(...xs) - minX, 1), (H - 20) / Math.max(Math.max(...ys) - minY, 1), 0.3);
  const at = new Map(graph.nodes.map((n) => [n.id, { x: 10 + (n.position.x - minX) * scale, y: 5 + (n.position.y - minY) * scale }]));
  return (
    <svg className="lf-preview" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${graph.nodes.length} nodes, ${graph.edges.length} connections`}>
      {graph.edges.map((e) => {
        const a = at.get(e.source);
        const b = at.get(e.target);
        return a && b ? <line key={e.id} x1={a.x + 20} y1={a.y + 6} x2={b.x} y2={b.y + 6} /> : null;
      })}
      {graph.nodes.map((n) => {
        const p = at.get(n.id)!;
        return <rect key={n.id} x={p.x} y={p.y} width={20} height={12} rx={3} data-category={n.type.split('.')[0]} />;
      })}
    </svg>
  );
}
