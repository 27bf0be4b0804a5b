import '@xyflow/react/dist/style.css';
import '../editor/src/styles.css';
import './stories.css';
import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: { layout: 'fullscreen' },
};

export default preview;
