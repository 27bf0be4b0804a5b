import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { createApiClient, type ApiClient } from '../api/client.ts';
import { authSlice } from '../features/auth/authSlice.ts';
import { backtestsApi } from '../features/backtest/backtests-api.ts';
import { graphSlice } from '../features/graph/graphSlice.ts';
import { browserSocket, type OpenSocket } from '../features/live/live-socket.ts';
import { liveSlice } from '../features/live/liveSlice.ts';
import { testRunSlice } from '../features/testrun/testRunSlice.ts';
import { uiSlice } from '../features/ui/uiSlice.ts';
import { validationSlice } from '../features/validation/validationSlice.ts';

// The API with every injected endpoint (the same object as `legflowApi`), so the state's type knows them all.
const api = backtestsApi;

const rootReducer = combineReducers({
  [api.reducerPath]: api.reducer,
  [authSlice.name]: authSlice.reducer,
  [graphSlice.name]: graphSlice.reducer,
  [uiSlice.name]: uiSlice.reducer,
  [validationSlice.name]: validationSlice.reducer,
  [testRunSlice.name]: testRunSlice.reducer,
  [liveSlice.name]: liveSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

/** What thunks and RTK Query reach the server through; tests pass a client and sockets bound to a real server. */
export interface ThunkExtra {
  api: ApiClient;
  /** Opens the WebSocket of the live view. */
  openSocket: OpenSocket;
}

export function makeStore(extra: Partial<ThunkExtra> = {}, preloadedState?: Partial<RootState>) {
  const thunkExtra: ThunkExtra = { api: extra.api ?? createApiClient(), openSocket: extra.openSocket ?? browserSocket };
  return configureStore({
    reducer: rootReducer,
    ...(preloadedState ? { preloadedState } : {}),
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: thunkExtra } }).concat(api.middleware),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
