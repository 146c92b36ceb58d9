import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
// jsdom has no IndexedDB, where the console keeps each user's device key (sealed-storage.ts).
import 'fake-indexeddb/auto';

// findBy… and waitFor give up after 10 s, not 1 s: antd renders slowly in jsdom on a loaded machine.
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no matchMedia; Ant Design's responsive components (Table, Grid) ask it. Nothing in
// the tests depends on a breakpoint, so every query answers "no match".
if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// Nor ResizeObserver, which Ant Design's text areas, tabs and tables observe; no layout in jsdom.
if (typeof window !== 'undefined' && typeof window.ResizeObserver !== 'function') {
  window.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
