import { useEffect } from 'react';
import { useAppDispatch } from '../../store/hooks.ts';
import { redone, saveGraph, undone } from '../graph/graphSlice.ts';
import { shortcutsToggled } from '../ui/uiSlice.ts';
import { autoLayout, type Sizes } from './auto-layout.ts';
import { copySelection, deleteSelection, pasteClipboard, selectAll } from './clipboard.ts';
import { isTyping, shortcutFor } from './shortcuts.ts';

/** The editor's keyboard shortcuts, active while the editor is open and focus is not in a field. */
export function useShortcuts(sizes: Sizes): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || (e.target instanceof Element && e.target.closest('[role=dialog]'))) return;
      const id = shortcutFor(e);
      if (!id) return;
      e.preventDefault();
      if (id === 'undo') dispatch(undone());
      else if (id === 'redo') dispatch(redone());
      else if (id === 'copy') dispatch(copySelection());
      else if (id === 'paste') dispatch(pasteClipboard());
      else if (id === 'delete') dispatch(deleteSelection());
      else if (id === 'selectAll') dispatch(selectAll());
      else if (id === 'save') void dispatch(saveGraph());
      else if (id === 'layout') void dispatch(autoLayout(sizes));
      else dispatch(shortcutsToggled(true));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dispatch, sizes]);
}
