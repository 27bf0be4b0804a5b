export type ShortcutId = 'undo' | 'redo' | 'copy' | 'paste' | 'delete' | 'selectAll' | 'save' | 'layout' | 'help';

export interface Shortcut {
  id: ShortcutId | null;
  keys: string;
  description: string;
}

/** Every shortcut, as the help dialog lists them; `id: null` ones are the canvas's own gestures. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'undo', keys: 'Ctrl+Z', description: 'Undo the last edit' },
  { id: 'redo', keys: 'Ctrl+Shift+Z or Ctrl+Y', description: 'Redo' },
  { id: 'copy', keys: 'Ctrl+C', description: 'Copy the selected nodes' },
  { id: 'paste', keys: 'Ctrl+V', description: 'Paste them (with the connections between them)' },
  { id: 'delete', keys: 'Delete or Backspace', description: 'Delete the selected nodes and connections' },
  { id: 'selectAll', keys: 'Ctrl+A', description: 'Select everything' },
  { id: 'save', keys: 'Ctrl+S', description: 'Save the draft' },
  { id: 'layout', keys: 'Shift+L', description: 'Arrange the graph left to right' },
  { id: 'help', keys: '?', description: 'Show this list' },
  { id: null, keys: 'Shift+click, Shift+drag', description: 'Add to the selection, select an area' },
  { id: null, keys: 'Drag from a port', description: 'Connect (only to a port that takes what it sends)' },
  { id: null, keys: 'Select a connection, then a palette item', description: 'Insert a node on the connection' },
];

/** Ctrl on Linux and Windows, Cmd on a Mac. */
const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

/** The shortcut a key press means, if any. */
export function shortcutFor(e: KeyboardEvent): ShortcutId | null {
  const key = e.key.toLowerCase();
  if (mod(e) && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c') return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'a') return 'selectAll';
    if (key === 's') return 'save';
    return null;
  }
  if (e.altKey || mod(e)) return null;
  if (key === 'delete' || key === 'backspace') return 'delete';
  if (e.key === 'L' && e.shiftKey) return 'layout';
  if (e.key === '?') return 'help';
  return null;
}

/** Typing in a field keeps its own keys (undo in a text box undoes the typing, not the graph). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
