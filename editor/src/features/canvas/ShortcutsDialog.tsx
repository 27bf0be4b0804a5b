import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { selectShortcutsOpen, shortcutsToggled } from '../ui/uiSlice.ts';
import { SHORTCUTS } from './shortcuts.ts';

/** Every keyboard shortcut in one list; Escape or the button closes it. */
export function ShortcutsDialog() {
  const dispatch = useAppDispatch();
  const open = useAppSelector(selectShortcutsOpen);
  if (!open) return null;
  const close = () => dispatch(shortcutsToggled(false));
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
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
      <button type="button" onClick={close}>
        Close
      </button>
    </Dialog>
  );
}
