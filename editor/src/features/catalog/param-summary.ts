import type { NodeType } from '../../api/schemas.ts';
import { isSchema, labelOf, propertiesOf, resolve } from './json-schema.ts';

/**
 * One line for the canvas from a node's params: enum choices and short texts as they are, numbers with
 * their name. Generic on purpose: the node definitions' own `summary` cannot run in the browser yet (see
 * docs/decisions.md, "Editor").
 */
export function paramSummary(type: NodeType, params: Record<string, unknown>, max = 4): string {
  const parts: string[] = [];
  for (const [key, prop] of propertiesOf(type.params)) {
    if (parts.length >= max) break;
    const value = params[key] ?? (isSchema(prop) ? prop.default : undefined);
    const schema = resolve(prop, type.params);
    if (typeof value === 'string' && value !== '' && value.length <= 24) parts.push(Array.isArray(schema.enum) ? value : `${labelOf(key).toLowerCase()} ${value}`);
    else if (typeof value === 'number') parts.push(`${labelOf(key).toLowerCase()} ${value}`);
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) parts.push(value.join('/'));
  }
  return parts.join(' · ');
}
