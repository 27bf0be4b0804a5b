import { createSelector } from '@reduxjs/toolkit';
import { legflowApi } from '../../api/legflow-api.ts';
import type { NodeType } from '../../api/schemas.ts';
import { definitionOf, type AnyNodeDefinition } from './definitions.ts';

const selectNodeTypesResult = legflowApi.endpoints.nodeTypes.select();

/** Node types by their dotted name, once the catalogue has loaded (empty before). */
export const selectNodeTypeMap = createSelector(selectNodeTypesResult, (result): ReadonlyMap<string, NodeType> => new Map((result.data ?? []).map((t) => [t.type, t])));

/** One catalogue entry: the server's description of a type (title, ports, JSON Schema) with its bundled definition. */
export interface CatalogEntry extends NodeType {
  definition: AnyNodeDefinition;
}

/** The editor's one catalogue: the types the server offers that this build also knows (empty before loading). */
export const selectCatalog = createSelector(selectNodeTypeMap, (types): ReadonlyMap<string, CatalogEntry> => {
  const entries = new Map<string, CatalogEntry>();
  for (const [name, type] of types) {
    const definition = definitionOf(name);
    if (definition) entries.set(name, { ...type, definition });
  }
  return entries;
});

const CATEGORY_TITLES: Record<string, string> = { source: 'Sources', transform: 'Transforms', legs: 'Legs', risk: 'Risk', exec: 'Execution' };

export const categoryTitle = (category: string) => CATEGORY_TITLES[category] ?? category.charAt(0).toUpperCase() + category.slice(1);

/** Node types grouped by category, in the catalogue's own order (sources first, execution last). */
export function byCategory(types: readonly NodeType[]): Array<{ category: string; types: NodeType[] }> {
  const groups = new Map<string, NodeType[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups].map(([category, list]) => ({ category, types: list }));
}
