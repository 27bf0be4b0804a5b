import { describe, expect, it } from 'vitest';
import { checkRule } from '../../../../../runtime/json-logic.ts';
import { emptyDoc } from '../../graph/graph-doc.ts';
import { ruleFields } from './rule-fields.ts';
import { queryToRule, RULE_OPERATORS, ruleToQuery, simplifyRule, varsOf } from './rule-query.ts';

const entry = { '==': [{ var: 'action' }, 'ENTRY'] };

describe('rules and builder queries', () => {
  it('shows the rules a trader builds and gives the same rule back', () => {
    const rules = [
      entry,
      { and: [entry, { '>': [{ var: 'price' }, 100] }] },
      { or: [{ in: [{ var: 'symbol' }, ['NIFTY', 'BANKNIFTY']] }, { '<=': [1, { var: 'qty' }, 5] }] },
      { and: [{ '!=': [{ var: 'vars.side' }, 'SELL'] }, { or: [{ in: ['long', { var: 'text' }] }, { '==': [{ var: 'position' }, null] }] }] },
    ];
    for (const rule of rules) {
      const query = ruleToQuery(rule);
      expect(query, JSON.stringify(rule)).not.toBeNull();
      expect(queryToRule(query!)).toEqual(rule);
    }
    expect(ruleToQuery(entry)!.rules).toEqual([expect.objectContaining({ field: 'action', operator: '=', value: 'ENTRY' })]);
  });

  it('leaves to the JSON editor what it would change: arithmetic, if, a var default, a bare value', () => {
    expect(ruleToQuery({ '>': [{ '+': [{ var: 'price' }, 1] }, 100] })).toBeNull();
    expect(ruleToQuery({ if: [entry, true, false] })).toBeNull();
    expect(ruleToQuery({ '==': [{ var: ['action', 'ENTRY'] }, 'ENTRY'] })).toBeNull();
    expect(ruleToQuery(true)).toBeNull();
    expect(ruleToQuery([entry])).toBeNull();
  });

  it('offers only operators whose rules the server accepts', () => {
    for (const { name } of RULE_OPERATORS) {
      const value = name.endsWith('etween') ? '1,5' : name.endsWith('In') || name === 'in' ? 'A,B' : 'x';
      const rule = queryToRule({ combinator: 'and', rules: [{ field: 'price', operator: name, value }] });
      expect(checkRule(rule), `${name} → ${JSON.stringify(rule)}`).toEqual([]);
    }
  });

  it('unwraps single-rule groups, as a person writes them', () => {
    expect(simplifyRule({ and: [{ or: [entry] }] })).toEqual(entry);
    expect(simplifyRule({ '!': { and: [entry] } })).toEqual({ '!': entry });
    expect(simplifyRule({ and: [entry, entry] })).toEqual({ and: [entry, entry] });
  });

  it('lists the signal fields, the vars set in the graph and the paths a rule uses', () => {
    expect([...varsOf({ and: [entry, { '>': [{ var: 'vars.atr' }, { var: 'strategy' }] }] })]).toEqual(['action', 'vars.atr', 'strategy']);
    const doc = {
      ...emptyDoc(),
      nodes: [{ id: 'set', type: 'transform.set', typeVersion: 1, position: { x: 0, y: 0 }, params: { fields: { entryPrice: { var: 'price' } } } }],
    };
    const names = ruleFields(doc, ['strategy', 'action']).map((f) => `${f.name}: ${f.label}`);
    expect(names.slice(0, 3)).toEqual(['action: action (ENTRY, EXIT, …)', 'symbol: symbol', 'price: price']);
    expect(names.slice(-2)).toEqual(['strategy: alert field strategy', 'vars.entryPrice: var entryPrice']);
  });
});
