import { legflowApi } from '../../api/legflow-api.ts';
import type { z } from 'zod';
import {
  acceptedSchema,
  accountListSchema,
  deploymentListSchema,
  deploymentSchema,
  groupListSchema,
  historySchema,
  marketClockSchema,
  orderListSchema,
  signalListSchema,
  type Account,
  type Deployment,
  type DeploymentHistory,
  type DeploymentSummary,
  type MarketClock,
  type Mode,
  type Order,
  type PositionGroup,
  type ScheduleInput,
  type SignalRow,
} from './deployment-schemas.ts';

const enc = encodeURIComponent;

export interface NewDeployment {
  graphId: string;
  version: number;
  mode: Mode;
  accountId?: string;
  multiplier: number;
  /** Omitted or null: signals are taken at any time. */
  schedule?: ScheduleInput | null;
}

/**
 * Deployments and what they trade, cached per deployment. The live view keeps these caches current from
 * the WebSocket (patching signals and orders, refetching positions), so the page never reloads.
 */
export const deploymentsApi = legflowApi.injectEndpoints({
  endpoints: (build) => ({
    accounts: build.query<Account[], void>({ query: () => ({ path: '/api/accounts', schema: accountListSchema }) }),
    deployments: build.query<DeploymentSummary[], void>({
      query: () => ({ path: '/api/deployments', schema: deploymentListSchema }),
      providesTags: ['Deployments'],
    }),
    deployment: build.query<Deployment, string>({
      query: (id) => ({ path: `/api/deployments/${enc(id)}`, schema: deploymentSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Deployments', id }],
    }),
    createDeployment: build.mutation<Deployment, NewDeployment>({
      query: (body) => ({ method: 'POST', path: '/api/deployments', schema: deploymentSchema, body }),
      invalidatesTags: ['Deployments'],
    }),
    deploymentAction: build.mutation<Deployment, { id: string; action: 'start' | 'stop' | 'squareoff' }>({
      query: ({ id, action }) => ({ method: 'POST', path: `/api/deployments/${enc(id)}/${action}`, schema: deploymentSchema }),
      invalidatesTags: (_r, _e, { id }) => ['Deployments', { type: 'Deployments', id }],
    }),
    manualTrigger: build.mutation<z.output<typeof acceptedSchema>, { id: string; nodeId: string }>({
      query: ({ id, nodeId }) => ({ method: 'POST', path: `/api/deployments/${enc(id)}/manual`, schema: acceptedSchema, body: { nodeId } }),
    }),
    signals: build.query<SignalRow[], string>({
      query: (deploymentId) => ({ path: `/api/signals?deploymentId=${enc(deploymentId)}&limit=100`, schema: signalListSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Signals', id }],
    }),
    /** Fetched by the live feed when it opens (not cached between views): the charts from before. */
    history: build.query<DeploymentHistory, string>({
      query: (deploymentId) => ({ path: `/api/deployments/${enc(deploymentId)}/history`, schema: historySchema }),
      keepUnusedDataFor: 0,
    }),
    /** How the SIM clock runs (real hours, a replay, virtual); its time then follows the ticks. */
    marketClock: build.query<MarketClock, void>({ query: () => ({ path: '/api/market/clock', schema: marketClockSchema }) }),
    orders: build.query<Order[], string>({
      query: (deploymentId) => ({ path: `/api/orders?deploymentId=${enc(deploymentId)}`, schema: orderListSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Orders', id }],
    }),
    positions: build.query<PositionGroup[], string>({
      query: (deploymentId) => ({ path: `/api/positions?deploymentId=${enc(deploymentId)}`, schema: groupListSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Positions', id }],
    }),
  }),
});

export const {
  useAccountsQuery,
  useDeploymentsQuery,
  useDeploymentQuery,
  useCreateDeploymentMutation,
  useDeploymentActionMutation,
  useManualTriggerMutation,
  useSignalsQuery,
  useMarketClockQuery,
  useOrdersQuery,
  usePositionsQuery,
} = deploymentsApi;
