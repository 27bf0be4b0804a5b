import { createSelector } from '@reduxjs/toolkit';
import { legflowApi } from '../../api/legflow-api.ts';
import type { NodeType } from '../../api/schemas.ts';
import { definitionOf, type AnyNodeDefinition } from './definitions.ts';

const selectNodeTypesResult = legflowApi.endpoints.nodeTypes.select();

/** One catalogue entry: the server's description of a type (title, ports, JSON Schema) with its bundled definition. */
export interface CatalogEntry extends NodeType {
  definition: AnyNodeDefinition;
}

/**
 * The editor's one catalogue, by dotted type name: the types the server offers that this build also knows
 * (empty before loading). The palette, the canvas, the inspector and the checks all read types from here.
 */
export const selectCatalog = createSelector(selectNodeTypesResult, (result): ReadonlyMap<string, CatalogEntry> => {
  const entries = new Map<string, CatalogEntry>();
  for (const type of result.data ?? []) {
    const definition = definitionOf(type.type);
    if (definition) entries.set(type.type, { ...type, definition });
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
