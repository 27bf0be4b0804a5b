import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { Sizes } from './auto-layout.ts';
import type { FlowNode } from './flow-elements.ts';

type Size = { width: number; height: number };

/**
 * Node sizes as React Flow measures them: view state, kept out of the graph and its history. They go back
 * onto the canvas nodes so a node object rebuilt after an edit does not have to be measured again.
 */
export function useMeasuredNodes(nodes: FlowNode[]): { nodes: FlowNode[]; onDimensions: (changes: NodeChange<FlowNode>[]) => void; sizes: Sizes } {
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const [cache] = useState(() => new WeakMap<FlowNode, { size: Size; node: FlowNode }>());

  const onDimensions = useCallback((changes: NodeChange<FlowNode>[]) => {
    setSizes((old) => {
      let next: Map<string, Size> | null = null;
      for (const c of changes) {
        if (c.type !== 'dimensions' || !c.dimensions) continue;
        const had = old.get(c.id);
        if (had?.width === c.dimensions.width && had.height === c.dimensions.height) continue;
        next ??= new Map(old);
        next.set(c.id, c.dimensions);
      }
      return next ?? old;
    });
  }, []);

  const measured = useMemo(
    () =>
      nodes.map((node) => {
        const size = sizes.get(node.id);
        if (!size) return node;
        const hit = cache.get(node);
        if (hit && hit.size === size) return hit.node;
        const withSize = { ...node, measured: size };
        cache.set(node, { size, node: withSize });
        return withSize;
      }),
    [nodes, sizes, cache],
  );

  return { nodes: measured, onDimensions, sizes };
}
