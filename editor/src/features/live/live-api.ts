import type { z } from 'zod';
import { positionTotals } from '../../../../contracts/trading.ts';
import { deploymentsApi } from '../deployments/deployments-api.ts';

/** A deployment's P&L over all its groups now; the positions answer holds only a page of them (the newest 100). */
export type PositionTotals = z.output<typeof positionTotals>;

/** What the live view's MTM and premium lines read, kept current with the positions (same cache tag). */
export const liveApi = deploymentsApi.injectEndpoints({
  endpoints: (build) => ({
    positionTotals: build.query<PositionTotals, string>({
      query: (deploymentId) => ({ path: `/api/positions/totals?deploymentId=${encodeURIComponent(deploymentId)}`, schema: positionTotals }),
      providesTags: (_r, _e, id) => [{ type: 'Positions', id }],
    }),
  }),
});

export const { usePositionTotalsQuery } = liveApi;
