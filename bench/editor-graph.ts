/** One chain of the generated graph: a TradingView alert through a switch to legs, a stop and an entry. */
const CHAIN = [
  { type: 'source.tradingview', in: null, out: 'signal' },
  { type: 'transform.switch', in: 'in', out: 'case1' },
  { type: 'legs.strategy', in: 'in', out: 'legs' },
  { type: 'risk.leg', in: 'in', out: 'out' },
  { type: 'exec.enter', in: 'in', out: null },
] as const;

/**
 * A graph of `chains` × 5 nodes (300 for 60 chains), each node with its type's defaults, laid out in a
 * grid with room to grab the canvas between nodes; each chain listens on its own channel.
 */
export function generatedGraph(chains: number, defaults: ReadonlyMap<string, Record<string, unknown>>): unknown {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  for (let c = 0; c < chains; c++) {
    CHAIN.forEach((step, i) => {
      const params = structuredClone(defaults.get(step.type) ?? {});
      if (step.type === 'source.tradingview') params.channel = `bench-${c}`;
      nodes.push({ id: `n${c}-${i}`, type: step.type, typeVersion: 1, position: { x: i * 320, y: c * 200 }, params });
      if (i > 0) edges.push({ id: `e${c}-${i}`, source: `n${c}-${i - 1}`, sourceHandle: CHAIN[i - 1]!.out, target: `n${c}-${i}`, targetHandle: step.in });
    });
  }
  return { schemaVersion: 1, name: `Generated: ${chains * CHAIN.length} nodes`, description: 'For npm run bench -- editor.', nodes, edges };
}
