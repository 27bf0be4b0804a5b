import { z } from 'zod';
import { applyRule, checkRule } from '../../runtime/json-logic.ts';
import { ruleData } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { describeRule } from '../shared/describe-rule.ts';
import { jsonValue, varName } from '../shared/params.ts';

export const setTransform = defineNode({
  type: 'transform.set',
  version: 1,
  category: 'transform',
  title: 'Set fields',
  description: 'Computes named values with JSON Logic and stores them in vars, for later conditions, notifications and Python nodes.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'out', kind: 'same', label: 'Out' }],
  params: z.object({
    fields: z
      .record(varName, jsonValue)
      .refine((f) => Object.keys(f).length <= 20, 'at most 20 fields per node')
      .default({ signalPrice: { var: 'price' } })
      .describe('Name → JSON Logic expression, computed top to bottom; each one can use the ones above it as vars.<name>'),
  }),
  check: (p) => Object.entries(p.fields).flatMap(([name, expr]) => checkRule(expr).map((m) => `${name}: ${m}`)),
  summary: (p) => {
    const entries = Object.entries(p.fields);
    if (entries.length === 0) return 'Sets nothing';
    return entries.map(([name, expr]) => `${name} = ${describeRule(expr)}`).join(' · ');
  },
  run: (_ctx, input, p) => {
    let msg = input;
    for (const [name, expr] of Object.entries(p.fields)) {
      // A new message per field, so each expression reads exactly the vars computed before it.
      msg = { ...msg, vars: { ...msg.vars, [name]: applyRule(expr, ruleData(msg)) } };
    }
    return { out: msg };
  },
});
