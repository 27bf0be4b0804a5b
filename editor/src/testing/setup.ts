import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// React Flow measures nodes with ResizeObserver; the test DOM has no layout, so report each observed
// element once, as the React Flow testing guide does.
class ReportingResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback([{ target } as ResizeObserverEntry], this);
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = ReportingResizeObserver;

// Nodes need a size to be drawn with their edges; the test DOM lays nothing out.
Object.defineProperties(globalThis.HTMLElement.prototype, {
  offsetWidth: { configurable: true, get: () => 200 },
  offsetHeight: { configurable: true, get: () => 100 },
});

// These tests meet a real server: on a busy 2-core machine a round trip can take longer than the library's
// 1 s default, so waits allow 10 s (a passing wait still ends as soon as its condition holds).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
