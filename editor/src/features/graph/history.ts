import { isDraft, original } from '@reduxjs/toolkit';
import type { GraphDoc } from './graph-doc.ts';

/** How many edits undo can go back. */
export const HISTORY_LIMIT = 200;

export interface Undoable {
  doc: GraphDoc;
  past: GraphDoc[];
  future: GraphDoc[];
}

/** Call at the start of a reducer that edits `doc`: keeps the document as it was before this edit. */
export function recordEdit(state: Undoable): void {
  state.past.push(isDraft(state.doc) ? original<GraphDoc>(state.doc) : state.doc);
  if (state.past.length > HISTORY_LIMIT) state.past.shift();
  state.future = [];
}

export function undo(state: Undoable): boolean {
  const previous = state.past.pop();
  if (!previous) return false;
  state.future.push(isDraft(state.doc) ? original<GraphDoc>(state.doc) : state.doc);
  state.doc = previous;
  return true;
}

export function redo(state: Undoable): boolean {
  const next = state.future.pop();
  if (!next) return false;
  state.past.push(isDraft(state.doc) ? original<GraphDoc>(state.doc) : state.doc);
  state.doc = next;
  return true;
}
