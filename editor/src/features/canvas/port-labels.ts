import type { NodeType } from '../../api/schemas.ts';

type OutputPort = NodeType['outputs'][number];

/**
 * Output labels as the trader reads them. A switch has fixed ports `case1`…`case4`; on the canvas each
 * shows the value it routes (docs/decisions.md, "Switch has fixed ports").
 */
export function outputLabel(type: NodeType, port: OutputPort, params: Record<string, unknown>): string {
  if (type.type === 'transform.switch') {
    const n = /^case(\d+)$/.exec(port.name)?.[1];
    const cases = Array.isArray(params.cases) ? params.cases : [];
    if (n) return typeof cases[Number(n) - 1] === 'string' ? String(cases[Number(n) - 1]) : `${port.label} (unused)`;
  }
  return port.label;
}
