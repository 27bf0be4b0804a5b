import { z } from 'zod';
import { applyRule, checkRule, truthy } from '../../runtime/json-logic.ts';
import { ruleData } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { describeRule } from '../shared/describe-rule.ts';
import { jsonValue } from '../shared/params.ts';

export const conditionTransform = defineNode({
  type: 'transform.condition',
  version: 1,
  category: 'transform',
  title: 'Condition',
  description: 'Sends the signal down "true" or "false" by a JSON Logic rule over its fields (action, symbol, price, data, vars, legs).',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [
    { name: 'true', kind: 'same', label: 'True' },
    { name: 'false', kind: 'same', label: 'False' },
  ],
  params: z.object({
    rule: jsonValue
      .default({ '==': [{ var: 'action' }, 'ENTRY'] })
      .describe('The rule, in JSON Logic, e.g. {"==": [{"var": "action"}, "ENTRY"]}: true when the action is ENTRY'),
  }),
  check: (p) => checkRule(p.rule),
  summary: (p) => `If ${describeRule(p.rule)}`,
  run: (_ctx, input, p) => (truthy(applyRule(p.rule, ruleData(input))) ? { true: input } : { false: input }),
});
