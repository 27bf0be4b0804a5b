import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..');

/** Builds the editor into editor/dist, the files `legflow start` serves, so the browser runs the current source. */
export async function buildEditor(): Promise<void> {
  await build({ configFile: join(ROOT, 'editor', 'vite.config.ts'), logLevel: 'warn' });
}
