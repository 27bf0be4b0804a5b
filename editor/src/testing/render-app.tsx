import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider } from 'react-redux';
import { App } from '../app/App.tsx';
import { createApiClient } from '../api/client.ts';
import { navigated, type Page } from '../features/ui/uiSlice.ts';
import { makeStore } from '../store/store.ts';
import type { RealServer } from './real-server.ts';

/** The whole editor, with a real store, talking to the real server. */
export function renderApp(server: RealServer, page: Page = { name: 'graphs' }) {
  const store = makeStore({ api: createApiClient(server.fetch), openSocket: server.openSocket });
  store.dispatch(navigated(page));
  const user = userEvent.setup();
  render(
    <Provider store={store}>
      <App />
    </Provider>,
  );
  return { store, user };
}

/** Creates a graph from a template on the server (as the signed-in user) and opens it in the editor. */
export async function openTemplate(server: RealServer, templateId: string) {
  const template = await server.call('GET', `/api/templates/${templateId}`);
  const created = await server.call('POST', '/api/graphs', { graph: template.body });
  const { id } = created.body as { id: string };
  const app = renderApp(server, { name: 'editor', graphId: id });
  await screen.findByTestId('validation-panel');
  return { ...app, graphId: id };
}

/** A canvas node by its id (React Flow's own `data-id`). */
export const canvasNode = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`);

/**
 * Clicks a canvas node as a trader does. A plain click, since the test DOM's mouse-down events carry no
 * window, which the canvas's drag handling needs; React Flow selects on the click.
 */
export function clickNode(id: string): void {
  const node = canvasNode(id);
  if (!node) throw new Error(`no canvas node ${id}`);
  fireEvent.click(node);
}
