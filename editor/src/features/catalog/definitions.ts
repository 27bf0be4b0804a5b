/**
 * The node definitions themselves (nodes/catalogue.ts), bundled into the editor: each type's own
 * `summary` and `check` run in the browser, the same code the server and the runtime run.
 */
import { registry } from '../../../../nodes/catalogue.ts';
import type { AnyNodeDefinition } from '../../../../runtime/node-contract.ts';

export type { AnyNodeDefinition };

export const definitionOf = (type: string): AnyNodeDefinition | undefined => registry.get(type);

/** The node's one line for the canvas, by its definition ("SELL ATM straddle · 1 lot · NIFTY"); empty while its params are invalid. */
export function nodeSummary(def: AnyNodeDefinition, params: unknown): string {
  const parsed = def.params.safeParse(params);
  return parsed.success ? def.summary(parsed.data) : '';
}
