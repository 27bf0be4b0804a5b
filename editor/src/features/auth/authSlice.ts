import { createSlice, isRejectedWithValue } from '@reduxjs/toolkit';
import { isApiErrorBody } from '../../api/client.ts';
import { legflowApi } from '../../api/legflow-api.ts';
import type { User } from '../../api/schemas.ts';

export interface AuthState {
  status: 'checking' | 'signedIn' | 'signedOut';
  user: User | null;
  /** Why the editor asks to sign in again, when a session ended while in use. */
  reason: string | null;
}

const initialState: AuthState = { status: 'checking', user: null, reason: null };

export const authSlice = createSlice({
  name: 'auth',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addMatcher(legflowApi.endpoints.me.matchFulfilled, (state, { payload }) => {
        state.status = 'signedIn';
        state.user = payload.user;
      })
      .addMatcher(legflowApi.endpoints.me.matchRejected, (state, { payload }) => {
        // Not signed in (401), or the server is unreachable: either way the sign-in page says what it knows.
        state.status = 'signedOut';
        state.reason = payload && payload.status !== 401 ? payload.message : null;
      })
      .addMatcher(legflowApi.endpoints.login.matchFulfilled, (state, { payload }) => {
        state.status = 'signedIn';
        state.user = payload.user;
        state.reason = null;
      })
      .addMatcher(legflowApi.endpoints.logout.matchFulfilled, (state) => {
        state.status = 'signedOut';
        state.user = null;
        state.reason = null;
      })
      // Any call answered 401 means the session is gone (expired, or signed out in another tab).
      .addMatcher(isRejectedWithValue, (state, { payload }) => {
        if (!isApiErrorBody(payload) || payload.status !== 401 || payload.code === 'invalid_credentials') return;
        if (state.status === 'signedIn') state.reason = 'Your session has ended; sign in again to keep working. Unsaved edits stay here.';
        state.status = 'signedOut';
        state.user = null;
      });
  },
});

export const selectAuth = (state: { auth: AuthState }) => state.auth;
