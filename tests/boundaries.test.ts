import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `npm run lint:layers` checks the real tree with `.dependency-cruiser.mjs`; this test shows that the same
 * configuration catches each kind of layer violation, and lets through what tests, benchmarks and stories
 * may do, on a small tree written for it.
 */

const FIXTURE: Record<string, string> = {
  // Fake packages, so imports of them resolve as a real install does.
  'node_modules/express/package.json': '{ "name": "express", "main": "index.js" }',
  'node_modules/express/index.js': 'module.exports = {};',
  'node_modules/react/package.json': '{ "name": "react", "main": "index.js" }',
  'node_modules/react/index.js': 'module.exports = {};',
  'node_modules/zod/package.json': '{ "name": "zod", "main": "index.js" }',
  'node_modules/zod/index.js': 'module.exports = {};',
  'node_modules/better-sqlite3/package.json': '{ "name": "better-sqlite3", "main": "index.js" }',
  'node_modules/better-sqlite3/index.js': 'module.exports = {};',

  'runtime/deep/bad.ts':
    "import express from 'express';\nimport type { App } from '../../server/app.ts';\nimport { x } from '../../nodes/a.ts';\nexport const ui = await import('react');\nexport { express, x };\nexport type { App };\n",
  'runtime/load.ts': "import { readFileSync } from 'node:fs';\nexport const load = () => readFileSync('x');\n",
  'runtime/contract.ts': "import { z } from 'zod';\nexport const schema = z;\n",
  'runtime/engine.test.ts': "import { catalogue } from '../nodes/catalogue.ts';\nimport { app } from '../server/app.ts';\nexport { app, catalogue };\n",
  'contracts/deployments.ts': "import { z } from 'zod';\nimport type { Row } from '../server/db.ts';\nexport const row = z;\nexport type { Row };\n",
  'nodes/catalogue.ts': "import { a } from './a.ts';\nexport const catalogue = [a];\n",
  'nodes/a.ts': "import { schema } from '../runtime/contract.ts';\nimport { load } from '../runtime/load.ts';\nexport const a = { schema, load };\n",
  'nodes/bad.tsx': "export { Canvas } from '../editor/src/canvas.tsx';\n",
  'server/app.ts':
    "import { Canvas } from '../editor/src/canvas.tsx';\nimport { signIn } from './testing/app.ts';\nimport { run } from '../bench/run.ts';\nexport const app = { Canvas, signIn, run };\n",
  'server/db.ts': 'export type Row = { id: string };\n',
  'server/testing/app.ts': 'export const signIn = () => 1;\n',
  'server/app.test.ts': "import { signIn } from './testing/app.ts';\nexport { signIn };\n",
  'editor/src/canvas.tsx':
    "import { readFileSync } from 'node:fs';\nimport type { App } from '../../server/app.ts';\nexport const Canvas = readFileSync;\nexport type { App };\n",
  'editor/src/canvas.stories.tsx': "import { signIn } from '../../server/testing/app.ts';\nexport { signIn };\n",
  // The storage boundary: only server/db/ holds the driver; routes see the interface and the table types.
  'server/db/sqlite-store.ts': "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
  'server/db/schema.ts': 'export type Tables = { users: { id: string } };\n',
  'server/storage/storage.ts': "import type { Tables } from '../db/schema.ts';\nexport type Storage = { tables: Tables };\n",
  'server/main.ts': "import { open } from './db/sqlite-store.ts';\nexport const boot = open;\n",
  'server/routes/orders.ts':
    "import Database from 'better-sqlite3';\nimport { open } from '../db/sqlite-store.ts';\nimport type { Tables } from '../db/schema.ts';\nimport type { Storage } from '../storage/storage.ts';\nexport const orders = [Database, open];\nexport type { Storage, Tables };\n",
  'bench/run.ts': "import { signIn } from '../server/testing/app.ts';\nexport const run = signIn;\n",
  // The editor's rooms: graph sits below ui, so ui may import graph and not the reverse.
  'editor/src/features/ui/notice.ts': 'export const notice = 1;\n',
  'editor/src/features/graph/slice.ts': "import { notice } from '../ui/notice.ts';\nexport const slice = notice;\n",
  'editor/src/features/ui/show.ts':
    "import { slice } from '../graph/slice.ts';\nimport { store } from '../../store/store.ts';\nexport const show = [slice, store];\n",
  'editor/src/features/ui/types.ts': "import type { RootState } from '../../store/store.ts';\nexport type { RootState };\n",
  'editor/src/store/store.ts': "import { notice } from '../features/ui/notice.ts';\nexport const store = notice;\nexport type RootState = number;\n",
  'editor/src/api/api.ts': "import { notice } from '../features/ui/notice.ts';\nexport const api = notice;\n",
};

let root: string;
let violations: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'legflow-layers-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const options = await extractDepcruiseOptions(resolve(import.meta.dirname, '..', '.dependency-cruiser.mjs'));
  const { output } = await cruise(['.'], { ...options, baseDir: root, cache: false });
  violations = (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the layer checker', () => {
  it('catches each kind of forbidden import, type-only and dynamic ones included', () => {
    expect(violations).toEqual([
      'contracts-belong-to-no-client: contracts/deployments.ts → server/db.ts',
      'editor-features-depend-downward: editor/src/features/graph/slice.ts → editor/src/features/ui/notice.ts',
      'editor-features-reach-the-store-for-types: editor/src/features/ui/show.ts → editor/src/store/store.ts',
      'editor-is-a-browser-client: editor/src/canvas.tsx → server/app.ts',
      'editor-shared-knows-no-feature: editor/src/api/api.ts → editor/src/features/ui/notice.ts',
      'editor-uses-no-node-builtins: editor/src/canvas.tsx → fs',
      'node-catalogue-is-browser-safe: nodes/catalogue.ts → fs',
      'nodes-implement-the-runtime-contract: nodes/bad.tsx → editor/src/canvas.tsx',
      'one-storage-boundary: server/routes/orders.ts → node_modules/better-sqlite3/index.js',
      'production-imports-no-tooling: server/app.ts → bench/run.ts',
      'runtime-does-not-know-the-catalogue: runtime/deep/bad.ts → nodes/a.ts',
      'runtime-is-headless: runtime/deep/bad.ts → node_modules/express/index.js',
      'runtime-is-headless: runtime/deep/bad.ts → node_modules/react/index.js',
      'runtime-is-headless: runtime/deep/bad.ts → server/app.ts',
      'runtime-is-headless: runtime/engine.test.ts → server/app.ts',
      'server-does-not-import-the-editor: server/app.ts → editor/src/canvas.tsx',
      'storage-through-its-interface: server/routes/orders.ts → server/db/sqlite-store.ts',
      'test-helpers-only-in-tests: server/app.ts → server/testing/app.ts',
    ]);
  });
});
