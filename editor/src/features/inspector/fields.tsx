import { useId, useState, type ReactNode } from 'react';
import { defaultOf, isSchema, nullableInner, propertiesOf, resolve, type JsonSchema } from '../../../../runtime/json-schema.ts';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  root: JsonSchema;
  value: unknown;
  /** Dotted path of this value inside the params, as errors name it. */
  path: string;
  errors: ReadonlyMap<string, string>;
  onCommit: (value: unknown) => void;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** A param's key as a field label: `mtmStopLoss` → "Mtm stop loss". */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Label, hint and error around one input, wired for screen readers. */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className={`lf-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="lf-field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="lf-field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * A text box that commits when it loses focus (or on Enter). `parse` turns the text into the value, or
 * says why it cannot; such text stays in the box with its message and is not committed.
 */
export function CommitInput(props: {
  id: string;
  text: string;
  parse: (text: string) => { value: unknown } | { error: string };
  onCommit: (v: unknown) => void;
  error?: string;
  hint?: string;
  label: string;
  multiline?: boolean;
  inputMode?: 'decimal' | 'numeric';
  list?: string;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const error = localError ?? props.error;
  const commit = (text: string) => {
    if (text === props.text) return setLocalError(null);
    const parsed = props.parse(text);
    if ('error' in parsed) return setLocalError(parsed.error);
    setLocalError(null);
    props.onCommit(parsed.value);
  };
  const common = {
    id: props.id,
    defaultValue: props.text,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(props.id, props.hint, error),
    onBlur: (e: { currentTarget: { value: string } }) => commit(e.currentTarget.value),
  };
  return (
    <Field id={props.id} label={props.label} {...(props.hint ? { hint: props.hint } : {})} {...(error ? { error } : {})}>
      {props.multiline ? (
        // Remounted with the stored text when it changes elsewhere (undo, another field).
        <textarea key={props.text} {...common} rows={4} spellCheck={false} />
      ) : (
        <input
          key={props.text}
          {...common}
          type="text"
          inputMode={props.inputMode}
          list={props.list}
          onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** One param, rendered by what its JSON Schema says it is. */
export function SchemaField({ name, schema: raw, root, value, path, errors, onCommit }: FieldProps) {
  const id = useId();
  const schema = resolve(raw, root);
  const label = labelOf(name);
  const hint = typeof schema.description === 'string' ? schema.description : undefined;
  const error = errors.get(path);
  const inner = nullableInner(schema);
  const nullable = inner !== undefined;
  const s = inner ? resolve(inner, root) : schema;

  if (s.type === 'object' && propertiesOf(s).length > 0) {
    const on = value !== null && value !== undefined;
    return (
      <fieldset className="lf-fieldset">
        <legend>{label}</legend>
        {hint && <p className="lf-field-hint">{hint}</p>}
        {nullable && (
          <label className="lf-check">
            <input type="checkbox" checked={on} onChange={(e) => onCommit(e.target.checked ? defaultOf(s, root) : null)} /> Use {label.toLowerCase()}
          </label>
        )}
        {on && <ObjectFields schema={s} root={root} value={value} path={path} errors={errors} onCommit={onCommit} />}
        {error && (
          <p className="lf-field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    );
  }

  if (Array.isArray(s.enum) && s.enum.every((o) => typeof o === 'string')) {
    const options = s.enum;
    return (
      <Field id={id} label={label} {...(hint ? { hint } : {})} {...(error ? { error } : {})}>
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => onCommit(e.target.value === '' ? null : e.target.value)}
        >
          {(nullable || !options.includes(String(value))) && <option value="">—</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
    );
  }

  if (s.type === 'boolean') {
    return (
      <div className="lf-field">
        <label className="lf-check">
          <input type="checkbox" checked={value === true} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onCommit(e.target.checked)} />{' '}
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="lf-field-hint">
            {hint}
          </p>
        )}
      </div>
    );
  }

  if (s.type === 'number' || s.type === 'integer') {
    const integer = s.type === 'integer';
    return (
      <CommitInput
        id={id}
        label={label}
        {...(hint ? { hint } : {})}
        {...(error ? { error } : {})}
        inputMode={integer ? 'numeric' : 'decimal'}
        text={typeof value === 'number' ? String(value) : ''}
        onCommit={onCommit}
        parse={(text) => {
          const t = text.trim();
          if (t === '') return nullable ? { value: null } : { error: 'Enter a number.' };
          const n = Number(t);
          if (!Number.isFinite(n)) return { error: `“${t}” is not a number.` };
          if (integer && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
          return { value: n };
        }}
      />
    );
  }

  if (s.type === 'string') {
    return (
      <CommitInput
        id={id}
        label={label}
        {...(hint ? { hint } : {})}
        {...(error ? { error } : {})}
        text={typeof value === 'string' ? value : ''}
        onCommit={onCommit}
        parse={(text) => ({ value: nullable && text.trim() === '' ? null : text })}
      />
    );
  }

  if (s.type === 'array' && isSchema(s.items)) {
    const items = resolve(s.items, root);
    const list = Array.isArray(value) ? value : [];
    if (Array.isArray(items.enum)) {
      return (
        <fieldset className="lf-fieldset">
          <legend>{label}</legend>
          {hint && <p className="lf-field-hint">{hint}</p>}
          {(items.enum as string[]).map((o) => (
            <label key={o} className="lf-check">
              <input
                type="checkbox"
                checked={list.includes(o)}
                onChange={(e) => onCommit(e.target.checked ? (items.enum as string[]).filter((x) => x === o || list.includes(x)) : list.filter((x) => x !== o))}
              />{' '}
              {o}
            </label>
          ))}
          {error && (
            <p className="lf-field-error" role="alert">
              {error}
            </p>
          )}
        </fieldset>
      );
    }
    if (items.type === 'string') {
      return (
        <CommitInput
          id={id}
          label={label}
          hint={`${hint ? `${hint}. ` : ''}Separate values with commas.`}
          {...(error ? { error } : {})}
          text={list.join(', ')}
          onCommit={onCommit}
          parse={(text) => ({
            value: text
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
          })}
        />
      );
    }
    if (items.type === 'object') {
      return <ObjectList label={label} hint={hint} items={items} root={root} list={list} path={path} errors={errors} onCommit={onCommit} />;
    }
  }

  // Anything richer (a JSON Logic rule, a map of fields) is edited as JSON.
  return (
    <CommitInput
      id={id}
      label={label}
      hint={`${hint ? `${hint}. ` : ''}JSON.`}
      {...(error ? { error } : {})}
      multiline
      text={value === undefined ? '' : JSON.stringify(value, null, 2)}
      onCommit={onCommit}
      parse={(text) => {
        try {
          return { value: JSON.parse(text) as unknown };
        } catch (e) {
          return { error: `Not valid JSON: ${(e as Error).message}` };
        }
      }}
    />
  );
}

function ObjectList(props: {
  label: string;
  hint: string | undefined;
  items: JsonSchema;
  root: JsonSchema;
  list: unknown[];
  path: string;
  errors: ReadonlyMap<string, string>;
  onCommit: (v: unknown) => void;
}) {
  const { label, hint, items, root, list, path, errors, onCommit } = props;
  return (
    <fieldset className="lf-fieldset">
      <legend>{label}</legend>
      {hint && <p className="lf-field-hint">{hint}</p>}
      {list.map((item, i) => (
        <fieldset key={i} className="lf-fieldset lf-list-item">
          <legend>
            {label} {i + 1}
          </legend>
          <ObjectFields
            schema={items}
            root={root}
            value={item}
            path={join(path, i)}
            errors={errors}
            onCommit={(v) => onCommit(list.map((x, k) => (k === i ? v : x)))}
          />
          <button type="button" onClick={() => onCommit(list.filter((_, k) => k !== i))}>
            Remove {label.toLowerCase()} {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onCommit([...list, defaultOf(items, root)])}>
        Add to {label.toLowerCase()}
      </button>
    </fieldset>
  );
}

/** The fields of an object schema; a change to one field commits the whole object. */
export function ObjectFields({ schema, root, value, path, errors, onCommit, omit }: Omit<FieldProps, 'name'> & { omit?: readonly string[] }) {
  const record = isSchema(value) ? value : {};
  return (
    <>
      {propertiesOf(schema)
        .filter(([key]) => !omit?.includes(key))
        .map(([key, prop]) => (
          <SchemaField
            key={key}
            name={key}
            schema={prop}
            root={root}
            value={key in record ? record[key] : defaultOf(prop, root)}
            path={join(path, key)}
            errors={errors}
            onCommit={(v) => onCommit({ ...record, [key]: v })}
          />
        ))}
    </>
  );
}
