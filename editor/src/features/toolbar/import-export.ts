import { graphSchema } from '../../api/schemas.ts';
import type { AppDispatch, RootState } from '../../store/store.ts';
import { docOf, graphJson } from '../graph/graph-doc.ts';
import { documentReplaced } from '../graph/graphSlice.ts';
import { noticeShown } from '../ui/uiSlice.ts';

/** The draft as a graph JSON file (schemaVersion 1), named after the strategy. */
export function exportFile(state: RootState): { name: string; text: string } {
  const { doc } = state.graph;
  const slug =
    doc.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'graph';
  return { name: `${slug}.graph.json`, text: `${JSON.stringify(graphJson(doc), null, 2)}\n` };
}

/** Replaces the draft by a graph JSON file's content (one undoable edit), or says what is wrong with it. */
export const importText = (text: string) => (dispatch: AppDispatch) => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    dispatch(noticeShown({ tone: 'error', text: `That file is not JSON: ${(e as Error).message}` }));
    return;
  }
  const parsed = graphSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'graph'}: ${i.message}`);
    dispatch(noticeShown({ tone: 'error', text: `That file is not a Legflow graph (schemaVersion 1): ${issues.join('; ')}` }));
    return;
  }
  dispatch(documentReplaced(docOf(parsed.data)));
  dispatch(
    noticeShown({ tone: 'info', text: `Imported “${parsed.data.name}”: ${parsed.data.nodes.length} nodes. Save to keep it; Ctrl+Z undoes the import.` }),
  );
};

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
