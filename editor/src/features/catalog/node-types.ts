import { createSelector } from '@reduxjs/toolkit';
import { legflowApi } from '../../api/legflow-api.ts';
import type { NodeType } from '../../api/schemas.ts';

const selectNodeTypesResult = legflowApi.endpoints.nodeTypes.select();

/** Node types by their dotted name, once the catalogue has loaded (empty before). */
export const selectNodeTypeMap = createSelector(selectNodeTypesResult, (result): ReadonlyMap<string, NodeType> => new Map((result.data ?? []).map((t) => [t.type, t])));

const CATEGORY_TITLES: Record<string, string> = { source: 'Sources', transform: 'Transforms', legs: 'Legs', risk: 'Risk', exec: 'Execution' };

export const categoryTitle = (category: string) => CATEGORY_TITLES[category] ?? category.charAt(0).toUpperCase() + category.slice(1);

/** Node types grouped by category, in the catalogue's own order (sources first, execution last). */
export function byCategory(types: readonly NodeType[]): Array<{ category: string; types: NodeType[] }> {
  const groups = new Map<string, NodeType[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups].map(([category, list]) => ({ category, types: list }));
}
