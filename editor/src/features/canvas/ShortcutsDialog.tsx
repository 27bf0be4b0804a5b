import { useEffect, useRef } from 'react';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { selectShortcutsOpen, shortcutsToggled } from '../ui/uiSlice.ts';
import { SHORTCUTS } from './shortcuts.ts';

/** Every keyboard shortcut in one list; Escape or the button closes it. */
export function ShortcutsDialog() {
  const dispatch = useAppDispatch();
  const open = useAppSelector(selectShortcutsOpen);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="lf-dialog-backdrop" onClick={() => dispatch(shortcutsToggled(false))}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="lf-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && dispatch(shortcutsToggled(false))}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={close} onClick={() => dispatch(shortcutsToggled(false))}>
          Close
        </button>
      </div>
    </div>
  );
}
