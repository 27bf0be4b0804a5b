import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { z } from 'zod';
import { ApiError, type ApiClient, type ApiErrorBody } from './client.ts';
import {
  createdGraphSchema,
  graphListSchema,
  nodeTypesSchema,
  noContent,
  publishedSchema,
  publishedVersionSchema,
  runRecordSchema,
  savedGraphSchema,
  storedGraphSchema,
  templateListSchema,
  userSchema,
  validationSchema,
  versionListSchema,
  graphSchema,
} from './schemas.ts';

const graphPath = (id: string) => `/api/graphs/${encodeURIComponent(id)}`;

export interface ApiCall {
  method?: string;
  path: string;
  schema: z.ZodType;
  body?: unknown;
}

/** RTK Query over the editor's API client (taken from the store's thunk extra), keeping its error shape. */
const clientBaseQuery: BaseQueryFn<ApiCall, unknown, ApiErrorBody> = async ({ method = 'GET', path, schema, body }, { extra }) => {
  try {
    return { data: await (extra as { api: ApiClient }).api.request(method, path, schema, body) };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.body };
    throw e;
  }
};

/**
 * The editor's one way to the server: every call is an endpoint here (or injected into it, as the
 * deployments are). Thunks that span several calls (save first, then validate) dispatch these endpoints.
 */
export const legflowApi = createApi({
  reducerPath: 'api',
  baseQuery: clientBaseQuery,
  tagTypes: ['Me', 'Graphs', 'Versions', 'Deployments', 'Signals', 'Orders', 'Positions', 'Backtests'],
  endpoints: (build) => ({
    me: build.query<z.output<typeof userSchema>, void>({ query: () => ({ path: '/api/auth/me', schema: userSchema }), providesTags: ['Me'] }),
    login: build.mutation<z.output<typeof userSchema>, { username: string; password: string }>({
      query: (body) => ({ method: 'POST', path: '/api/auth/login', schema: userSchema, body }),
    }),
    logout: build.mutation<undefined, void>({ query: () => ({ method: 'POST', path: '/api/auth/logout', schema: noContent }) }),
    nodeTypes: build.query<z.output<typeof nodeTypesSchema>, void>({ query: () => ({ path: '/api/node-types', schema: nodeTypesSchema }) }),
    templates: build.query<z.output<typeof templateListSchema>, void>({ query: () => ({ path: '/api/templates', schema: templateListSchema }) }),
    template: build.query<z.output<typeof graphSchema>, string>({
      query: (id) => ({ path: `/api/templates/${encodeURIComponent(id)}`, schema: graphSchema }),
    }),
    graphs: build.query<z.output<typeof graphListSchema>, void>({ query: () => ({ path: '/api/graphs', schema: graphListSchema }), providesTags: ['Graphs'] }),
    createGraph: build.mutation<z.output<typeof createdGraphSchema>, z.input<typeof graphSchema>>({
      query: (graph) => ({ method: 'POST', path: '/api/graphs', schema: createdGraphSchema, body: { graph } }),
      invalidatesTags: ['Graphs'],
    }),
    deleteGraph: build.mutation<undefined, string>({
      query: (id) => ({ method: 'DELETE', path: graphPath(id), schema: noContent }),
      invalidatesTags: ['Graphs'],
    }),
    versions: build.query<z.output<typeof versionListSchema>, string>({
      query: (id) => ({ path: `${graphPath(id)}/versions`, schema: versionListSchema }),
      providesTags: ['Versions'],
    }),
    version: build.query<z.output<typeof publishedVersionSchema>, { id: string; version: number }>({
      query: ({ id, version }) => ({ path: `${graphPath(id)}/versions/${version}`, schema: publishedVersionSchema }),
    }),
    // The draft is the graph slice's to hold: fetch it fresh each time (`forceRefetch`), never from the cache.
    graph: build.query<z.output<typeof storedGraphSchema>, string>({ query: (id) => ({ path: graphPath(id), schema: storedGraphSchema }) }),
    saveGraph: build.mutation<z.output<typeof savedGraphSchema>, { id: string; graph: z.input<typeof graphSchema>; rev: number }>({
      query: ({ id, graph, rev }) => ({ method: 'PUT', path: graphPath(id), schema: savedGraphSchema, body: { graph, rev } }),
    }),
    validateGraph: build.mutation<z.output<typeof validationSchema>, string>({
      query: (id) => ({ method: 'POST', path: `${graphPath(id)}/validate`, schema: validationSchema }),
    }),
    publishGraph: build.mutation<z.output<typeof publishedSchema>, string>({
      query: (id) => ({ method: 'POST', path: `${graphPath(id)}/publish`, schema: publishedSchema }),
      invalidatesTags: (result) => (result ? ['Versions', 'Graphs'] : []),
    }),
    testRun: build.mutation<z.output<typeof runRecordSchema>, { id: string; signal: Record<string, unknown> }>({
      query: ({ id, signal }) => ({ method: 'POST', path: `${graphPath(id)}/test`, schema: runRecordSchema, body: { signal } }),
    }),
  }),
});

export const {
  useMeQuery,
  useLoginMutation,
  useLogoutMutation,
  useNodeTypesQuery,
  useTemplatesQuery,
  useGraphsQuery,
  useCreateGraphMutation,
  useDeleteGraphMutation,
  useVersionsQuery,
  useVersionQuery,
} = legflowApi;
