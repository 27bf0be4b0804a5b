import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'engine',
          include: [
            'nodes/**/*.test.ts',
            'runtime/**/*.test.ts',
            'cli/**/*.test.ts',
            'templates/**/*.test.ts',
            'server/**/*.test.ts',
            'tests/**/*.test.ts',
            'pine/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        // The editor's own Vite config (React plugin, root editor/), with a DOM for its tests only.
        extends: './editor/vite.config.ts',
        test: {
          name: 'editor',
          include: ['editor/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['editor/src/testing/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // Playwright in the system Chromium against `legflow start`; the editor is built first.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
