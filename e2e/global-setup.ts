import { buildEditor } from '../testing/build-editor.ts';

/** Once before the end-to-end tests: the editor they drive is built from the source under test. */
export default async function setup(): Promise<void> {
  await buildEditor();
}
