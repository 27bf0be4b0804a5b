import { z } from 'zod';
import { catalogue } from '../nodes/catalogue.ts';
import { NODE_CATEGORIES, type AnyNodeDefinition } from '../runtime/node-contract.ts';

const CATEGORY_TITLES: Record<string, string> = {
  source: 'Sources: what starts a run',
  transform: 'Transforms: route, gate and compute',
  legs: 'Legs: what to trade',
  risk: 'Risk: stops, targets, limits, square-off',
  exec: 'Execution: place and close orders',
};

/** docs/nodes.md, written from the catalogue itself so the reference never drifts from the code. */
export function nodeReference(): string {
  const out = [
    '# Node reference',
    '',
    'Generated from the node catalogue (`nodes/`) by `npm run docs`; do not edit by hand.',
    'Ports: `signal` carries a signal; `legs` carries a signal with option legs; `any` takes either;',
    '`same` sends on whatever kind came in.',
  ];
  for (const category of NODE_CATEGORIES) {
    out.push('', `## ${CATEGORY_TITLES[category]}`);
    for (const def of catalogue.filter((d) => d.category === category)) out.push('', ...nodeSection(def));
  }
  return `${out.join('\n')}\n`;
}

function nodeSection(def: AnyNodeDefinition): string[] {
  const ports = (list: readonly { name: string; kind: string }[]) => (list.length ? list.map((p) => `\`${p.name}\` (${p.kind})`).join(', ') : 'none');
  const lines = [
    `### ${def.title} — \`${def.type}\` v${def.version}`,
    '',
    def.description,
    '',
    `Inputs: ${ports(def.inputs)}. Outputs: ${ports(def.outputs)}. With defaults: _${def.summary(def.params.parse({}))}_.`,
    '',
    '| param | default | what it does |',
    '|---|---|---|',
  ];
  const schema = z.toJSONSchema(def.params, { io: 'input' }) as { properties?: Record<string, { description?: string; default?: unknown }> };
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    lines.push(`| \`${name}\` | \`${JSON.stringify(prop.default ?? null)}\` | ${(prop.description ?? '').replace(/\|/g, '\\|')} |`);
  }
  return lines;
}
