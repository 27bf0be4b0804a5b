/**
 * A real editor store for stories, with no server: node types come from the bundled catalogue (described
 * as the server describes them), the graph and the test run are whatever the story sets.
 */
import type { Decorator } from '@storybook/react-vite';
import { ReactFlowProvider } from '@xyflow/react';
import { Provider } from 'react-redux';
import { catalogue } from '../../../nodes/catalogue.ts';
import { describeNodeType } from '../../../runtime/describe-node-type.ts';
import type { ApiClient } from '../api/client.ts';
import { ApiError } from '../api/client.ts';
import { legflowApi } from '../api/legflow-api.ts';
import { nodeTypesSchema } from '../api/schemas.ts';
import type { GraphDoc } from '../features/graph/graph-doc.ts';
import { makeStore, type RootState } from '../store/store.ts';

/** Answers every call with "no server here"; stories that need data put it in the store. */
const offline: ApiClient = {
  request: (method, path) =>
    Promise.reject(new ApiError({ status: 503, code: 'storybook', message: `${method} ${path}: there is no server in Storybook.`, details: {} })),
};

export const storyNodeTypes = nodeTypesSchema.parse(catalogue.map(describeNodeType));

export function storyStore(doc: GraphDoc, selected: string[] = [], preloaded: Partial<RootState> = {}) {
  const empty = makeStore({ api: offline }).getState();
  const store = makeStore(
    { api: offline },
    { ...preloaded, graph: { ...empty.graph, doc, savedDoc: doc, selection: { nodes: selected, edges: [] }, load: 'ready' } },
  );
  // Settles at once: the data is given, nothing is fetched.
  void store.dispatch(legflowApi.util.upsertQueryData('nodeTypes', undefined, storyNodeTypes));
  return store;
}

/** A store with only what a story puts in it (the live view's slice, say), for components outside the canvas. */
export function storyStoreWith(preloaded: Partial<RootState>) {
  return makeStore({ api: offline }, preloaded);
}

/** Wraps a story in a store (and React Flow's provider, which the canvas and its nodes need). */
export const withStore =
  (make: () => ReturnType<typeof makeStore>): Decorator =>
  (Story) => (
    <Provider store={make()}>
      <ReactFlowProvider>
        <Story />
      </ReactFlowProvider>
    </Provider>
  );
