import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { resetSessionStatus } from '../services/session/sessionStatus.ts';
import { setToken } from '../services/session/token.ts';
import { server } from './server.ts';

/*
 * jsdom lacks layout: charts get a fixed size from this ResizeObserver, media queries answer for
 * a desktop-wide window (change `window.innerWidth` to test other widths), and reduced motion is
 * on so counters show their final value at once.
 */
export const TEST_CHART_WIDTH = 800;

class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const contentRect = {
      width: TEST_CHART_WIDTH,
      height: 400,
      top: 0,
      left: 0,
      bottom: 400,
      right: TEST_CHART_WIDTH,
      x: 0,
      y: 0,
    };
    this.callback(
      [{ target, contentRect } as unknown as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = FixedSizeResizeObserver as unknown as typeof ResizeObserver;

function evaluateMediaQuery(query: string): boolean {
  if (query.includes('prefers-reduced-motion')) return query.includes('reduce');
  const minWidth = /min-width:\s*(\d+)px/.exec(query);
  return minWidth ? window.innerWidth >= Number(minWidth[1]) : false;
}

window.matchMedia = (query: string) =>
  ({
    matches: evaluateMediaQuery(query),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  window.sessionStorage.clear();
  setToken('test-token');
  resetSessionStatus();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  server.events.removeAllListeners();
});
afterAll(() => server.close());
