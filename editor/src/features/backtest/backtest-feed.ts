import { serverEvent } from '../../../../contracts/events.ts';
import type { AppDispatch, RootState, ThunkExtra } from '../../store/store.ts';
import { connectLive, type ConnectionState } from '../live/live-socket.ts';
import { isActive, type BacktestJobSummary } from './backtest-schemas.ts';
import { backtestsApi, LIST } from './backtests-api.ts';
import { finished, progressed } from './job-progress.ts';

/**
 * Subscribes to the `backtests` topic and keeps the cached jobs current: a day played moves the job's bar
 * (in the list and in the job's own entry); a job's end fetches it again, with its result. Once subscribed
 * (and after a reconnection) the list and the jobs still running are read again, so no missed event leaves
 * a bar behind. `onState` says whether the socket is up: while it is not, the page polls. Returns the close.
 */
export const openBacktestFeed =
  (onState: (state: ConnectionState) => void) =>
  (dispatch: AppDispatch, getState: () => RootState, extra: ThunkExtra): (() => void) => {
    const patch = (id: string, change: (job: BacktestJobSummary) => void) => {
      dispatch(backtestsApi.util.updateQueryData('backtest', id, (job) => change(job)));
      dispatch(
        backtestsApi.util.updateQueryData('backtests', undefined, (jobs) => {
          const job = jobs.find((j) => j.id === id);
          if (job) change(job);
        }),
      );
    };

    const onFrame = (raw: unknown) => {
      const parsed = serverEvent.safeParse(raw);
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'backtest.progress') patch(frame.data.backtestId, (job) => progressed(job, frame.data));
      if (frame.type === 'backtest.finished') {
        patch(frame.data.backtestId, (job) => finished(job, frame.data));
        dispatch(
          backtestsApi.util.invalidateTags([
            { type: 'Backtests', id: LIST },
            { type: 'Backtests', id: frame.data.backtestId },
          ]),
        );
      }
    };

    const onSocketState = (state: ConnectionState) => {
      onState(state);
      if (state !== 'live') return;
      const jobs = backtestsApi.endpoints.backtests.select()(getState()).data ?? [];
      const running = jobs.filter((j) => isActive(j.status)).map((j) => ({ type: 'Backtests' as const, id: j.id }));
      dispatch(backtestsApi.util.invalidateTags([{ type: 'Backtests', id: LIST }, ...running]));
    };

    const feed = connectLive({ open: extra.openSocket, topics: ['backtests'], onFrame, onState: onSocketState });
    return () => feed.close();
  };
