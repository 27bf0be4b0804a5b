/**
 * The layers of Legflow, checked by `npm run lint:layers` (part of `npm test`):
 *
 *   runtime/  the headless engine and the node contract it executes (runtime/node-contract.ts)
 *   nodes/    the node catalogue: implements the contract, imports runtime/ only
 *   contracts/  the shapes of every answer and event, shared by the server and the editor
 *   server/, cli/, editor/   clients of both; server and cli pick the catalogue and pass it in
 *
 * Tests, test helpers (`testing/` folders), bench/, e2e/ and stories/ sit beside the code and may reach
 * into it; production code never reaches back into them.
 */
import { builtinModules } from 'node:module';

/** Files that only tests, benchmarks, journeys and stories run. */
const NOT_PRODUCTION = [
  '\\.test\\.tsx?$',
  '\\.stories\\.tsx$',
  '(^|/)testing/',
  '^tests/',
  '^bench/',
  '^e2e/',
  '^stories/',
  '^vitest\\.config\\.ts$',
  '^bin/bench\\.js$',
];

/** Packages that bind the engine to a UI, a web server or a database. */
const UI_HTTP_STORAGE = '^node_modules/(react|react-dom|@xyflow/[^/]+|express|ws|better-sqlite3|kysely)/';

/**
 * The editor's rooms, bottom up. `api/` (the one way to the server) and `store/hooks.ts` are shared by all;
 * each feature under `editor/src/features/` may import only the features before it here; `app/` (the
 * App, and the pages that compose several features) and `store/store.ts` (the store composed of every
 * slice) sit on top. A new feature takes its place in this list.
 */
const EDITOR_FEATURES = [
  'graph',
  'catalog',
  'auth',
  'ui',
  'versions',
  'validation',
  'legs',
  'testrun',
  'deployments',
  'deploy',
  'users',
  'graphs',
  'live',
  'backtest',
  'canvas',
  'inspector',
  'palette',
  'toolbar',
];

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const EDITOR_ROOMS = [
  {
    name: 'editor-shared-knows-no-feature',
    comment: 'editor/src/api/ and the typed hooks serve every feature, so they import none (nor the app)',
    severity: 'error',
    from: { path: ['^editor/src/api/', '^editor/src/store/hooks\\.ts$'], pathNot: NOT_PRODUCTION },
    to: { path: '^editor/src/(features|app)/' },
  },
  {
    name: 'editor-features-do-not-import-the-app',
    comment: 'features are composed by editor/src/app/ (the App and the pages that compose several features), never the reverse',
    severity: 'error',
    from: { path: '^editor/src/features/', pathNot: NOT_PRODUCTION },
    to: { path: ['^editor/src/app/', '^editor/src/main\\.tsx$'] },
  },
  {
    name: 'editor-features-reach-the-store-for-types',
    comment: 'the store is composed of every slice: features and the hooks take its types, never its code',
    severity: 'error',
    from: { path: ['^editor/src/features/', '^editor/src/store/hooks\\.ts$'], pathNot: NOT_PRODUCTION },
    to: { path: '^editor/src/store/store\\.ts$', dependencyTypesNot: ['type-only'] },
  },
  ...EDITOR_FEATURES.slice(0, -1).map((feature, i) => ({
    name: 'editor-features-depend-downward',
    comment: `editor/src/features/${feature}/ may import only the features below it in EDITOR_FEATURES`,
    severity: 'error',
    from: { path: `^editor/src/features/${feature}/`, pathNot: NOT_PRODUCTION },
    to: { path: `^editor/src/features/(${EDITOR_FEATURES.slice(i + 1).join('|')})/` },
  })),
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'runtime-is-headless',
      comment: 'runtime/ (its tests too) runs with no browser, no HTTP and no database, and knows none of its clients',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: ['^(server|editor|cli)/', UI_HTTP_STORAGE] },
    },
    {
      name: 'runtime-does-not-know-the-catalogue',
      comment: 'runtime/ executes whatever registry it is given (server and cli pass nodes/catalogue.ts in); its tests may run the real catalogue',
      severity: 'error',
      from: { path: '^runtime/', pathNot: NOT_PRODUCTION },
      to: { path: '^nodes/' },
    },
    {
      name: 'nodes-implement-the-runtime-contract',
      comment: 'nodes/ imports runtime/ (and each other), never a client, a UI, a web server or a database',
      severity: 'error',
      from: { path: '^nodes/' },
      to: { path: ['^(server|editor|cli)/', UI_HTTP_STORAGE] },
    },
    {
      name: 'node-catalogue-is-browser-safe',
      comment: 'the editor bundles the catalogue: nothing it reaches may import a Node built-in',
      severity: 'error',
      from: { path: '^nodes/catalogue\\.ts$' },
      // Built-ins resolve to their bare names ("node:fs" to "fs").
      to: { path: `^(${builtinModules.join('|')})$`, reachable: true },
    },
    {
      name: 'contracts-belong-to-no-client',
      comment: 'contracts/ (the shapes of answers and events) is shared by the server and the editor, so it imports neither, nor the catalogue',
      severity: 'error',
      from: { path: '^contracts/', pathNot: NOT_PRODUCTION },
      to: { path: ['^(nodes|server|editor|cli)/', UI_HTTP_STORAGE] },
    },
    {
      name: 'editor-is-a-browser-client',
      comment: 'the editor talks to the server over HTTP and WebSocket only, and runs in a browser',
      severity: 'error',
      from: { path: '^editor/', pathNot: NOT_PRODUCTION },
      to: { path: '^(server|cli)/' },
    },
    {
      name: 'editor-uses-no-node-builtins',
      comment: 'the editor runs in a browser, where Node built-ins do not exist',
      severity: 'error',
      from: { path: '^editor/src/', pathNot: NOT_PRODUCTION },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-does-not-import-the-editor',
      comment: 'the server serves the built editor as files; it never imports its source',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^editor/' },
    },
    {
      name: 'production-imports-no-tooling',
      comment: 'bench/, e2e/ and stories/ drive the product from outside; nothing shipped imports them',
      severity: 'error',
      from: { pathNot: NOT_PRODUCTION },
      to: { path: '^(bench|e2e|stories)/' },
    },
    {
      name: 'test-helpers-only-in-tests',
      comment: 'test helpers and fixtures (testing/ folders) are for tests, benchmarks, journeys and stories',
      severity: 'error',
      from: { pathNot: NOT_PRODUCTION },
      to: { path: '(^|/)testing/' },
    },
    {
      name: 'pinets-only-in-tests',
      comment: 'pinets (AGPL-3.0) runs the Pine scripts in tests and benches only: nothing shipped imports it (docs/decisions.md)',
      severity: 'error',
      from: { pathNot: NOT_PRODUCTION },
      to: { path: '^node_modules/pinets/' },
    },
    {
      name: 'bench-and-e2e-apart',
      comment: 'benchmarks and journeys share their harness through testing/, never through each other',
      severity: 'error',
      from: { path: '^(bench|e2e)/' },
      to: { path: '^(bench|e2e)/', pathNot: '^$1/' },
    },
    {
      name: 'editor-does-not-import-stories',
      comment: "stories/ imports the editor; what the editor's own stories need sits in editor/src/testing/",
      severity: 'error',
      from: { path: '^editor/' },
      to: { path: '^stories/' },
    },
    {
      name: 'one-storage-boundary',
      comment:
        'the SQLite store (server/db/) alone holds better-sqlite3 and its SQL; the rest reaches storage through server/storage/ (and the table types of server/db/schema.ts), so a PostgreSQL store can stand in. Opening the store is for the boots (server/main.ts, the CLI)',
      severity: 'error',
      from: { pathNot: ['^server/db/', ...NOT_PRODUCTION] },
      to: { path: '^node_modules/better-sqlite3/' },
    },
    {
      name: 'storage-through-its-interface',
      comment: 'services and routes use server/storage/storage.ts; only the boots open the SQLite store',
      severity: 'error',
      from: { path: '^(server|cli)/', pathNot: ['^server/(db|storage)/', '^server/main\\.ts$', '^cli/', ...NOT_PRODUCTION] },
      to: { path: '^server/db/', pathNot: '^server/db/schema\\.ts$' },
    },
    ...EDITOR_ROOMS,
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(editor/dist|storybook-static|python|data)/' },
    // Type-only imports count: a type from server/ inside runtime/ is still a dependency on the server.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};
