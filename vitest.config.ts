import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'engine',
          include: ['nodes/**/*.test.ts', 'runtime/**/*.test.ts', 'cli/**/*.test.ts', 'templates/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts', 'pine/**/*.test.ts'],
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
          setupFiles: ['editor/src/test/setup.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
