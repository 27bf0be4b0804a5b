import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Fragment } from '../graph/graph-doc.ts';

export type Page =
  | { name: 'graphs' }
  | { name: 'editor'; graphId: string }
  | { name: 'deployments' }
  | { name: 'live'; deploymentId: string }
  | { name: 'users' }
  | { name: 'backtests' };
export type BottomTab = 'problems' | 'test-run' | 'versions';

export interface Notice {
  tone: 'info' | 'error';
  text: string;
}

export interface UiState {
  page: Page;
  bottomTab: BottomTab;
  shortcutsOpen: boolean;
  /** Copied nodes and the edges between them; pasted with fresh ids. */
  clipboard: Fragment | null;
  notice: Notice | null;
  /** The node the canvas should bring into view; `seq` lets the same node be asked for twice. */
  focus: { nodeId: string; seq: number } | null;
}

const initialState: UiState = { page: { name: 'graphs' }, bottomTab: 'problems', shortcutsOpen: false, clipboard: null, notice: null, focus: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigated(state, { payload }: PayloadAction<Page>) {
      state.page = payload;
      state.notice = null;
    },
    bottomTabShown(state, { payload }: PayloadAction<BottomTab>) {
      state.bottomTab = payload;
    },
    shortcutsToggled(state, { payload }: PayloadAction<boolean | undefined>) {
      state.shortcutsOpen = payload ?? !state.shortcutsOpen;
    },
    copied(state, { payload }: PayloadAction<Fragment>) {
      state.clipboard = payload;
    },
    noticeShown(state, { payload }: PayloadAction<Notice>) {
      state.notice = payload;
    },
    noticeDismissed(state) {
      state.notice = null;
    },
    nodeFocusRequested(state, { payload }: PayloadAction<string>) {
      state.focus = { nodeId: payload, seq: (state.focus?.seq ?? 0) + 1 };
    },
  },
});

export const { navigated, bottomTabShown, shortcutsToggled, copied, noticeShown, noticeDismissed, nodeFocusRequested } = uiSlice.actions;

type WithUi = { ui: UiState };
export const selectPage = (s: WithUi) => s.ui.page;
export const selectBottomTab = (s: WithUi) => s.ui.bottomTab;
export const selectNotice = (s: WithUi) => s.ui.notice;
export const selectClipboard = (s: WithUi) => s.ui.clipboard;
export const selectFocus = (s: WithUi) => s.ui.focus;
export const selectShortcutsOpen = (s: WithUi) => s.ui.shortcutsOpen;
