import { z } from 'zod';
import { pathProblem, readPath } from '../../runtime/json-logic.ts';
import { ruleData } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const MAX_VALUE_LENGTH = 200;

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** Fills `{{path}}` placeholders from the message (the same fields rules read); nothing is evaluated. */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_all, path: string) => show(readPath(data, path)));
}

export const notifyExec = defineNode({
  type: 'exec.notify',
  version: 1,
  category: 'exec',
  title: 'Notify',
  description: 'Writes a message to the deployment log and the live view, filled in from the signal and vars.',
  inputs: [{ name: 'in', kind: 'any', label: 'In' }],
  outputs: [{ name: 'out', kind: 'same', label: 'Out' }],
  params: z.object({
    level: z.enum(['info', 'warn']).default('info').describe('"warn" highlights the message in the log'),
    message: z
      .string()
      .min(1)
      .max(1000)
      .default('{{action}} on {{channel}} · group {{vars.groupId}}')
      .describe('Text to log; {{action}}, {{symbol}}, {{price}}, {{vars.groupId}} and other fields are filled in'),
  }),
  check: (p) => placeholders(p.message).flatMap((path) => pathProblem(path) ?? []),
  summary: (p) => {
    const text = p.message.length > 60 ? `${p.message.slice(0, 59)}…` : p.message;
    return `${p.level === 'warn' ? 'Warn' : 'Log'}: ${text.replaceAll('\n', ' ')}`;
  },
  run: (ctx, input, p) => {
    const text = renderTemplate(p.message, ruleData(input));
    ctx.log[p.level](text, { nodeId: ctx.nodeId, signalId: input.signal.id });
    return { out: input };
  },
});
