import type { AppStore } from '../../store/store.ts';
import { navigated, type Page } from './uiSlice.ts';

export function pathOf(page: Page): string {
  return page.name === 'editor' ? `/graphs/${encodeURIComponent(page.graphId)}` : '/';
}

export function pageOf(path: string): Page {
  const m = /^\/graphs\/([^/]+)\/?$/.exec(path);
  return m ? { name: 'editor', graphId: decodeURIComponent(m[1]!) } : { name: 'graphs' };
}

/** Keeps the address bar and the page in step, both ways (links, reloads and the back button work). */
export function syncWithLocation(store: AppStore): () => void {
  store.dispatch(navigated(pageOf(window.location.pathname)));
  let shown = store.getState().ui.page;
  const unsubscribe = store.subscribe(() => {
    const page = store.getState().ui.page;
    if (page === shown) return;
    shown = page;
    if (pathOf(page) !== window.location.pathname) window.history.pushState(null, '', pathOf(page));
  });
  const onPop = () => store.dispatch(navigated(pageOf(window.location.pathname)));
  window.addEventListener('popstate', onPop);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPop);
  };
}
