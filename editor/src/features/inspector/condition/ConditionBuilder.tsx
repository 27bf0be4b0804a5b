/**
 * The condition node's rule, built with react-querybuilder or typed as JSON. Loaded on first use (its own
 * chunk). A rule the builder cannot show unchanged opens as JSON; the builder commits when focus leaves it.
 */
import 'react-querybuilder/dist/query-builder.css';
import { useId, useMemo, useRef, useState, type FocusEvent } from 'react';
import { QueryBuilder, type RuleGroupType } from 'react-querybuilder';
import { checkRule } from '../../../../../runtime/json-logic.ts';
import { useAppSelector } from '../../../store/hooks.ts';
import { selectDoc } from '../../graph/graphSlice.ts';
import { CommitInput } from '../fields.tsx';
import { ruleFields } from './rule-fields.ts';
import { queryToRule, RULE_OPERATORS, ruleToQuery, varsOf } from './rule-query.ts';

/** Buttons named in words: a screen reader says "Remove rule", not "⨯". */
const TRANSLATIONS = {
  addRule: { label: 'Add rule', title: 'Add a rule' },
  addGroup: { label: 'Add group', title: 'Add a group of rules' },
  removeRule: { label: 'Remove rule', title: 'Remove this rule' },
  removeGroup: { label: 'Remove group', title: 'Remove this group' },
};

const EMPTY: RuleGroupType = { combinator: 'and', rules: [] };

const parseJson = (text: string) => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
};

export default function ConditionBuilder({ rule, hint, onCommit }: { rule: unknown; hint: string; onCommit: (rule: unknown) => void }) {
  const id = useId();
  const doc = useAppSelector(selectDoc);
  const shown = useMemo(() => ruleToQuery(rule), [rule]);
  const [asJson, setAsJson] = useState(shown === null);
  const [query, setQuery] = useState<RuleGroupType>(shown ?? EMPTY);
  // The rule changed outside (undo, our own commit): show it afresh.
  const [seen, setSeen] = useState(rule);
  if (seen !== rule) {
    setSeen(rule);
    setQuery(shown ?? EMPTY);
    if (shown === null) setAsJson(true);
  }
  const fields = useMemo(() => ruleFields(doc, varsOf(rule)), [doc, rule]);
  const edited = useRef(false);

  const commitQuery = () => {
    if (!edited.current) return;
    edited.current = false;
    onCommit(queryToRule(query));
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget)) commitQuery();
  };
  const problems = checkRule(rule);

  return (
    <fieldset className="lf-fieldset lf-rule">
      <legend>Rule</legend>
      <p className="lf-field-hint">{hint}</p>
      {asJson ? (
        <>
          {shown === null && <p className="lf-muted">This rule uses JSON Logic the builder cannot show, so it is edited as JSON.</p>}
          <CommitInput
            id={`${id}-json`}
            label="Rule as JSON Logic"
            multiline
            text={JSON.stringify(rule, null, 2)}
            parse={parseJson}
            onCommit={onCommit}
            {...(problems.length ? { error: problems.join('; ') } : {})}
          />
        </>
      ) : (
        <div className="lf-rule-builder" onBlur={onBlur} onKeyDown={(e) => e.key === 'Enter' && commitQuery()}>
          <QueryBuilder
            fields={fields}
            operators={RULE_OPERATORS as unknown as { name: string; label: string }[]}
            query={query}
            onQueryChange={(q) => {
              edited.current = true;
              setQuery(q);
            }}
            parseNumbers="strict-limited"
            showNotToggle
            resetOnFieldChange={false}
            translations={TRANSLATIONS}
          />
        </div>
      )}
      {asJson ? (
        <button type="button" disabled={shown === null} onClick={() => setAsJson(false)}>
          Use the builder
        </button>
      ) : (
        <button
          type="button"
          onClick={() => {
            commitQuery();
            setAsJson(true);
          }}
        >
          Edit as JSON
        </button>
      )}
    </fieldset>
  );
}
