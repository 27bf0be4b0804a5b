import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for the editor: stories sit beside their components (`editor/src/**\/*.stories.tsx`); stories
 * composed of several features sit here. Built with the editor's own Vite config (React plugin and all).
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: { builder: { viteConfigPath: 'editor/vite.config.ts' } } },
  stories: ['../editor/src/**/*.stories.tsx', './*.stories.tsx'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No docs pages, so no prop tables to extract: builds faster.
  typescript: { reactDocgen: false },
};

export default config;
