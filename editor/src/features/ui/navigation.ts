import type { AppStore } from '../../store/store.ts';
import { navigated, type Page } from './uiSlice.ts';

export function pathOf(page: Page): string {
  switch (page.name) {
    case 'editor':
      return `/graphs/${encodeURIComponent(page.graphId)}`;
    case 'deployments':
      return '/deployments';
    case 'live':
      return `/deployments/${encodeURIComponent(page.deploymentId)}`;
    case 'users':
      return '/users';
    case 'backtests':
      return '/backtests';
    default:
      return '/';
  }
}

export function pageOf(path: string): Page {
  const graph = /^\/graphs\/([^/]+)\/?$/.exec(path);
  if (graph) return { name: 'editor', graphId: decodeURIComponent(graph[1]!) };
  const deployment = /^\/deployments\/([^/]+)\/?$/.exec(path);
  if (deployment) return { name: 'live', deploymentId: decodeURIComponent(deployment[1]!) };
  if (/^\/users\/?$/.test(path)) return { name: 'users' };
  if (/^\/backtests\/?$/.test(path)) return { name: 'backtests' };
  return /^\/deployments\/?$/.test(path) ? { name: 'deployments' } : { name: 'graphs' };
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
