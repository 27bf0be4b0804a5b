/**
 * Node types whose params get an editor of their own in the inspector, beside (or instead of) the fields
 * generated from their schema: the condition's rule builder, the switch's field picker, the leg table.
 */
import { lazy, Suspense, useId, type ComponentType } from 'react';
import { useAppSelector } from '../../store/hooks.ts';
import { selectDoc } from '../graph/graphSlice.ts';
import { propertyOf, type JsonSchema } from '../../../../runtime/json-schema.ts';
import { CommitInput } from './fields.tsx';
import { ruleFields } from './condition/rule-fields.ts';
import { LegEditor } from '../legs/LegEditor.tsx';

export interface ParamEditorProps {
  nodeId: string;
  type: string;
  params: Record<string, unknown>;
  /** The node type's params JSON Schema (for descriptions and choices). */
  schema: JsonSchema;
  errors: ReadonlyMap<string, string>;
  onCommit: (params: Record<string, unknown>) => void;
}

interface ParamEditor {
  /** Params this editor edits, left out of the generated form. */
  owns: readonly string[];
  /** Shown before the generated fields (else after them). */
  first?: boolean;
  Editor: ComponentType<ParamEditorProps>;
}

const ConditionBuilder = lazy(() => import('./condition/ConditionBuilder.tsx'));

const describedAs = (schema: JsonSchema, key: string): string => {
  const prop = propertyOf(schema, key);
  return typeof prop?.description === 'string' ? prop.description : '';
};

function RuleEditor({ params, schema, onCommit }: ParamEditorProps) {
  return (
    <Suspense fallback={<p className="lf-muted">Loading the rule builder…</p>}>
      <ConditionBuilder rule={params.rule} hint={describedAs(schema, 'rule')} onCommit={(rule) => onCommit({ ...params, rule })} />
    </Suspense>
  );
}

/** The switch's field, typed or picked from the fields a rule can read. */
function SwitchFieldEditor({ params, schema, errors, onCommit }: ParamEditorProps) {
  const id = useId();
  const doc = useAppSelector(selectDoc);
  const field = typeof params.field === 'string' ? params.field : '';
  const error = errors.get('field');
  return (
    <>
      <CommitInput
        id={id}
        label="Field"
        list={`${id}-fields`}
        text={field}
        hint={describedAs(schema, 'field')}
        {...(error ? { error } : {})}
        parse={(text) => ({ value: text.trim() })}
        onCommit={(value) => onCommit({ ...params, field: value })}
      />
      <datalist id={`${id}-fields`}>
        {ruleFields(doc, field ? [field] : []).map((f) => (
          <option key={f.name} value={f.name} label={f.label} />
        ))}
      </datalist>
    </>
  );
}

export const PARAM_EDITORS: Readonly<Record<string, ParamEditor>> = {
  'transform.condition': { owns: ['rule'], Editor: RuleEditor },
  'transform.switch': { owns: ['field'], first: true, Editor: SwitchFieldEditor },
  'legs.option': { owns: ['optionType', 'side', 'lots', 'strike'], Editor: LegEditor },
  'legs.strategy': { owns: ['legs'], Editor: LegEditor },
};
