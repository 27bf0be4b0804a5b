import { z } from 'zod';
import { deploymentsApi } from '../deployments/deployments-api.ts';

/** A deployment's P&L over all its groups now; the positions answer holds only a page of them (the newest 100). */
export const positionTotalsSchema = z.object({
  deploymentId: z.string(),
  /** Rupees: realised after charges of every group, plus the held legs at their LTPs. */
  mtm: z.number(),
  /** Sum of the held legs' LTPs; null while nothing is held. */
  premium: z.number().nullable(),
  heldLegs: z.number(),
});
export type PositionTotals = z.output<typeof positionTotalsSchema>;

/** What the live view's MTM and premium lines read, kept current with the positions (same cache tag). */
export const liveApi = deploymentsApi.injectEndpoints({
  endpoints: (build) => ({
    positionTotals: build.query<PositionTotals, string>({
      query: (deploymentId) => ({ path: `/api/positions/totals?deploymentId=${encodeURIComponent(deploymentId)}`, schema: positionTotalsSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Positions', id }],
    }),
  }),
});

export const { usePositionTotalsQuery } = liveApi;
