import type { AnyNodeDefinition } from './node-contract.ts';

/** Looks node types up by their dotted name. The default catalogue is `nodes/catalogue.ts`. */
export interface NodeRegistry {
  get(type: string): AnyNodeDefinition | undefined;
  all(): readonly AnyNodeDefinition[];
}

export function createRegistry(definitions: readonly AnyNodeDefinition[]): NodeRegistry {
  const byType = new Map<string, AnyNodeDefinition>();
  for (const def of definitions) {
    if (byType.has(def.type)) throw new Error(`node type ${def.type} is defined twice`);
    byType.set(def.type, def);
  }
  return { get: (type) => byType.get(type), all: () => [...byType.values()] };
}
