import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { z } from 'zod';
import { ApiError, type ApiClient, type ApiErrorBody } from './client.ts';
import {
  createdGraphSchema,
  graphListSchema,
  nodeTypesSchema,
  noContent,
  templateListSchema,
  userSchema,
  versionListSchema,
  graphSchema,
} from './schemas.ts';

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

/** Server data the editor lists and caches: who is signed in, node types, templates, graphs, versions. */
export const legflowApi = createApi({
  reducerPath: 'api',
  baseQuery: clientBaseQuery,
  tagTypes: ['Me', 'Graphs', 'Versions', 'Deployments', 'Signals', 'Orders', 'Positions'],
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
      query: (id) => ({ method: 'DELETE', path: `/api/graphs/${encodeURIComponent(id)}`, schema: noContent }),
      invalidatesTags: ['Graphs'],
    }),
    versions: build.query<z.output<typeof versionListSchema>, string>({
      query: (id) => ({ path: `/api/graphs/${encodeURIComponent(id)}/versions`, schema: versionListSchema }),
      providesTags: ['Versions'],
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
} = legflowApi;
