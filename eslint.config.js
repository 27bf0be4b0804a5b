import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '/data/', 'dist/', 'python/', 'editor/dist/', 'storybook-static/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Type information for the type-aware rules below, from the tsconfig.json nearest each file. One root,
        // so stray tsconfig files in scratch folders cannot confuse the parser.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      // A promise nobody awaits loses its error; an async function where a callback's return is ignored too.
      '@typescript-eslint/no-floating-promises': 'error',
      // React ignores what an event handler returns, so async handlers in JSX attributes are allowed.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // An assertion that changes nothing hides the one that does; `async` with no `await` hides a sync function.
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/require-await': 'error',
      // A switch over a union names every member, or says `default` for "all the rest" on purpose.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // editor/tsconfig.json leaves the editor's tests out (they need Node's types) and stories/ is checked with
    // the editor: editor/tsconfig.test.json holds all of them, one program for the lot.
    files: ['editor/src/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: false, project: ['editor/tsconfig.test.json'] } },
  },
  {
    // Plain JavaScript (bin/, .ci/, this file) is in no TypeScript project.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['editor/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
  },
  // Layout is Prettier's (npm run format:check); no lint rule argues with it.
  prettier,
);
