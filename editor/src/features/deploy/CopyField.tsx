import { useId, useRef, useState } from 'react';

/** A read-only value with a Copy button; where the clipboard is refused, the text is selected instead. */
export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const id = useId();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      field.current?.select();
      setState('selected');
    }
  };
  return (
    <div className="lf-copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="lf-copy-row">
        {multiline ? (
          <textarea id={id} ref={field} readOnly value={value} rows={4} spellCheck={false} />
        ) : (
          <input id={id} ref={field} readOnly value={value} spellCheck={false} />
        )}
        <button type="button" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void copy()}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {state === 'selected' && <p className="lf-muted">Selected: press Ctrl+C to copy.</p>}
    </div>
  );
}
