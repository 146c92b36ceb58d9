import { defineProject } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineProject({
  resolve: {
    alias: [
      {
        find: /^@hutong\/shared\/api$/,
        replacement: fileURLToPath(new URL('../shared/src/api.ts', import.meta.url)),
      },
      {
        find: /^@hutong\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    name: 'console',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // antd screens in jsdom take seconds on a loaded 2-core machine; a test that waits for
    // something that never comes still fails, only later.
    testTimeout: 30_000,
    // jsdom's selector engine is pinned to nwsapi 2.2.24 (root package.json `overrides`): later
    // versions keep 1,000 compiled selectors and antd's ~2,400 made every getComputedStyle compile
    // them all again (these tests: 286 s → 174 s).
    // Two files at a time (the root config's maxWorkers) took 410 s to 231 s on this 2-core
    // machine. Files share one module graph per worker (antd, React and the screens imported
    // once, not per file): 174 s → 105–113 s (before the pin, sharing had been slower: 442 s).
    // The setup file still runs per file; a file that fakes timers or stubs globals restores
    // them (the suite passes with `--sequence.shuffle`).
    isolate: false,
  },
});
