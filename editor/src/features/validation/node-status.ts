import { createSelector } from '@reduxjs/toolkit';
import { paramIssues } from '../catalog/param-issues.ts';
import { selectCatalog } from '../catalog/node-types.ts';
import { selectDoc } from '../graph/graphSlice.ts';
import { selectProblemsAreStale, selectValidation } from './validationSlice.ts';

/**
 * What is wrong with each node, for its badge on the canvas: its params checked in the browser as they
 * change, plus the server's findings from the last validation while the graph is as it was validated.
 */
export const selectNodeProblems = createSelector(
  [selectDoc, selectCatalog, selectValidation, selectProblemsAreStale],
  (doc, catalog, validation, stale): ReadonlyMap<string, string[]> => {
    const out = new Map<string, string[]>();
    const add = (id: string, message: string) => {
      const list = out.get(id) ?? [];
      if (!list.includes(message)) list.push(message);
      out.set(id, list);
    };
    if (catalog.size > 0) {
      for (const node of doc.nodes) {
        const type = catalog.get(node.type);
        if (!type) add(node.id, `Unknown node type ${node.type}.`);
        else for (const issue of paramIssues(type.definition, node.params)) add(node.id, issue.path ? `${issue.path} ${issue.message}` : issue.message);
      }
    }
    if (!stale) for (const p of validation.problems) if (p.nodeId) add(p.nodeId, p.message);
    return out;
  },
);
