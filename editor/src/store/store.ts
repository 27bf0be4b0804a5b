import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { createApiClient, type ApiClient } from '../api/client.ts';
import { legflowApi } from '../api/legflow-api.ts';
import { authSlice } from '../features/auth/authSlice.ts';
import { graphSlice } from '../features/graph/graphSlice.ts';
import { testRunSlice } from '../features/testrun/testRunSlice.ts';
import { uiSlice } from '../features/ui/uiSlice.ts';
import { validationSlice } from '../features/validation/validationSlice.ts';

const rootReducer = combineReducers({
  [legflowApi.reducerPath]: legflowApi.reducer,
  [authSlice.name]: authSlice.reducer,
  [graphSlice.name]: graphSlice.reducer,
  [uiSlice.name]: uiSlice.reducer,
  [validationSlice.name]: validationSlice.reducer,
  [testRunSlice.name]: testRunSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

/** What thunks and RTK Query reach the server through; tests pass a client bound to a real server. */
export interface ThunkExtra {
  api: ApiClient;
}

export function makeStore(extra: ThunkExtra = { api: createApiClient() }, preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    ...(preloadedState ? { preloadedState } : {}),
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: extra } }).concat(legflowApi.middleware),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
