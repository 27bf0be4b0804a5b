import { useReactFlow } from '@xyflow/react';
import { useId, useState } from 'react';
import type { NodeType } from '../../api/schemas.ts';
import { useNodeTypesQuery } from '../../api/legflow-api.ts';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { byCategory, categoryTitle, selectCatalog } from '../catalog/node-types.ts';
import { addFromPalette } from '../canvas/add-node.ts';
import { DRAG_TYPE, GRID } from '../canvas/canvas-config.ts';
import { selectDoc } from '../graph/graphSlice.ts';

export const PALETTE_SEARCH_ID = 'palette-search';

const matches = (t: NodeType, q: string) => `${t.title} ${t.type} ${t.description} ${t.category}`.toLowerCase().includes(q);

/** Node types by category with a search box; click a type to add it (or drag it onto the canvas). */
export function Palette() {
  const dispatch = useAppDispatch();
  const { isLoading, error } = useNodeTypesQuery();
  const catalog = useAppSelector(selectCatalog);
  const doc = useAppSelector(selectDoc);
  const [query, setQuery] = useState('');
  const { screenToFlowPosition } = useReactFlow();
  const headingId = useId();
  const q = query.trim().toLowerCase();
  const types = [...catalog.values()];
  const groups = byCategory(q ? types.filter((t) => matches(t, q)) : types);

  const add = (type: NodeType) => {
    // The middle of the visible canvas, nudged per node so repeated clicks do not stack.
    const rect = document.querySelector('.lf-canvas')?.getBoundingClientRect();
    const centre = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    const nudge = (doc.nodes.length % 5) * GRID[0] * 2;
    dispatch(addFromPalette(type, { x: Math.round(centre.x + nudge), y: Math.round(centre.y + nudge) }));
  };

  return (
    <nav className="lf-palette" aria-labelledby={headingId}>
      <h2 id={headingId}>Nodes</h2>
      <label htmlFor={PALETTE_SEARCH_ID} className="lf-visually-hidden">
        Search nodes
      </label>
      <input id={PALETTE_SEARCH_ID} type="search" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} />
      {isLoading && <p>Loading node types…</p>}
      {error && <p role="alert">The node types could not be loaded.</p>}
      {groups.map(({ category, types: list }) => (
        <section key={category} aria-label={categoryTitle(category)}>
          <h3>{categoryTitle(category)}</h3>
          <ul>
            {list.map((t) => (
              <li key={t.type}>
                <button
                  type="button"
                  className="lf-palette-item"
                  data-testid={`palette-${t.type}`}
                  data-category={t.category}
                  title={t.description}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_TYPE, t.type);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => add(t)}
                >
                  {t.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {q && groups.length === 0 && <p>No node matches “{query}”.</p>}
    </nav>
  );
}
