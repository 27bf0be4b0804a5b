import { noContent } from '../../api/schemas.ts';
import { liveApi } from '../live/live-api.ts';
import { backtestJobListSchema, backtestJobSchema, type BacktestJob, type BacktestJobSummary, type NewBacktest } from './backtest-schemas.ts';

/** The list's own tag: a job's tag is its id. */
export const LIST = 'LIST';
const path = (id: string) => `/api/backtests/${encodeURIComponent(id)}`;

/**
 * Backtest jobs, cached per job. The Backtest page keeps them current from `backtest.progress` and
 * `backtest.finished` over `/ws` (backtest-feed.ts), or by polling a running job while the socket is down.
 * Injected over the deployments' and the live view's endpoints, so the store's API (this object) knows them all.
 */
export const backtestsApi = liveApi.injectEndpoints({
  endpoints: (build) => ({
    backtests: build.query<BacktestJobSummary[], void>({
      query: () => ({ path: '/api/backtests', schema: backtestJobListSchema }),
      providesTags: [{ type: 'Backtests', id: LIST }],
    }),
    backtest: build.query<BacktestJob, string>({
      query: (id) => ({ path: path(id), schema: backtestJobSchema }),
      providesTags: (_r, _e, id) => [{ type: 'Backtests', id }],
    }),
    runBacktest: build.mutation<BacktestJob, NewBacktest>({
      query: (body) => ({ method: 'POST', path: '/api/backtests', schema: backtestJobSchema, body }),
      invalidatesTags: [{ type: 'Backtests', id: LIST }],
    }),
    cancelBacktest: build.mutation<BacktestJob, string>({
      query: (id) => ({ method: 'POST', path: `${path(id)}/cancel`, schema: backtestJobSchema }),
      invalidatesTags: (_r, _e, id) => [
        { type: 'Backtests', id: LIST },
        { type: 'Backtests', id },
      ],
    }),
    deleteBacktest: build.mutation<undefined, string>({
      query: (id) => ({ method: 'DELETE', path: path(id), schema: noContent }),
      invalidatesTags: [{ type: 'Backtests', id: LIST }],
    }),
  }),
});

export const { useBacktestsQuery, useBacktestQuery, useRunBacktestMutation, useCancelBacktestMutation, useDeleteBacktestMutation } = backtestsApi;
