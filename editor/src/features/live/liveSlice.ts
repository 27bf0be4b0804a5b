import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { deploymentsApi } from '../deployments/deployments-api.ts';
import type { ConnectionState } from './live-socket.ts';
import { liveApi } from './live-api.ts';
import type { SignalRow } from '../deployments/deployment-schemas.ts';
import { appendPoint, historyLines, mergePoints, type Point } from './series.ts';

export interface LiveState {
  /** The deployment the live view shows; its lines start with the server's history when the view opens. */
  deploymentId: string | null;
  connection: ConnectionState | 'closed';
  /** Each underlying's price, from the `tick` events. */
  spots: Record<string, Point[]>;
  /** Sum of the held legs' LTPs, from each totals answer while something is held. */
  premium: Point[];
  /** Mark-to-market of the deployment over all its groups, from each totals answer. */
  mtm: Point[];
  /** Signals from the history (further back than the signal list), for the chart's markers. */
  pastSignals: SignalRow[];
  /**
   * The SIM market's time (epoch ms), from the SIM clock, the latest tick or history sample: the charts' time line. A
   * replayed or virtual SIM clock is not the browser's clock, so points never take the browser's time.
   */
  marketTime: number | null;
  /** Why the server stopped the deployment while the view was open (the daily loss kill switch). */
  stoppedBecause: string | null;
}

const initialState: LiveState = {
  deploymentId: null,
  connection: 'closed',
  spots: {},
  premium: [],
  mtm: [],
  pastSignals: [],
  marketTime: null,
  stoppedBecause: null,
};

export const liveSlice = createSlice({
  name: 'live',
  initialState,
  reducers: {
    liveOpened(_state, { payload }: PayloadAction<string>) {
      return { ...initialState, deploymentId: payload, connection: 'connecting' as const };
    },
    liveClosed() {
      return initialState;
    },
    connectionChanged(state, { payload }: PayloadAction<ConnectionState>) {
      if (state.deploymentId) state.connection = payload;
    },
    stoppedByServer(state, { payload }: PayloadAction<string>) {
      state.stoppedBecause = payload;
    },
    tickReceived(state, { payload }: PayloadAction<{ time: number; spots: Record<string, number> }>) {
      if (!state.deploymentId) return;
      state.marketTime = Math.max(state.marketTime ?? 0, payload.time);
      for (const [underlying, price] of Object.entries(payload.spots)) appendPoint((state.spots[underlying] ??= []), payload.time, price);
    },
  },
  extraReducers: (builder) => {
    builder.addMatcher(deploymentsApi.endpoints.history.matchFulfilled, (state, { payload, meta }) => {
      if (meta.arg.originalArgs !== state.deploymentId) return;
      const past = historyLines(payload);
      const lastSample = payload.time[payload.time.length - 1];
      if (lastSample !== undefined) state.marketTime = Math.max(state.marketTime ?? 0, lastSample);
      if (payload.underlying) state.spots[payload.underlying] = mergePoints(state.spots[payload.underlying] ?? [], past.spot);
      state.premium = mergePoints(state.premium, past.premium);
      state.mtm = mergePoints(state.mtm, past.mtm);
      state.pastSignals = payload.signals;
    });
    builder.addMatcher(deploymentsApi.endpoints.marketClock.matchFulfilled, (state, { payload }) => {
      if (state.deploymentId) state.marketTime = Math.max(state.marketTime ?? 0, Date.parse(payload.now));
    });
    // From the totals, not the positions answer: that is a page of the groups, the MTM is over all of them.
    builder.addMatcher(liveApi.endpoints.positionTotals.matchFulfilled, (state, { payload, meta }) => {
      if (meta.arg.originalArgs !== state.deploymentId) return;
      // On the market's time line: until a tick or the history says what time the market reads, no point.
      const at = state.marketTime;
      if (at === null) return;
      appendPoint(state.mtm, at, payload.mtm);
      // Once the line has started, nothing held is a premium of 0 (the legs were exited).
      if (payload.premium !== null || state.premium.length > 0) appendPoint(state.premium, at, payload.premium ?? 0);
    });
  },
});

export const { liveOpened, liveClosed, connectionChanged, stoppedByServer, tickReceived } = liveSlice.actions;
type WithLive = { live: LiveState };
export const selectLive = (s: WithLive) => s.live;
export const selectConnection = (s: WithLive) => s.live.connection;
