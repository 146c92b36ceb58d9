import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Workspace sources are tested directly, never through their build output. */
const alias = {
  '@hutong/shared': src('./shared/src/index.ts'),
  '@hutong/ivr/simulator': src('./ivr/src/simulator/index.ts'),
  '@hutong/ivr': src('./ivr/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // Two test files at a time, whatever their project (vitest's default is one on two cores):
    // the tests wait on databases, Redis, browsers and timers more than they compute, and every
    // file has its own schema, Redis prefix and ports.
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { resolve: { alias }, test: { name: 'ivr', include: ['ivr/src/**/*.test.ts'] } },
      {
        // The root scripts' and the benchmark's own helpers (plain Node, no server).
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'backend',
          include: ['backend/src/**/*.test.ts'],
          // Each file opens its own database and servers and closes them, so files need no
          // fresh module graph each: not re-importing the server per file (and two files at a
          // time, above) took the PGlite pass from 744 s to 391 s and the server's from
          // 434–695 s to 261 s on this 2-core machine.
          isolate: false,
          globalSetup: ['backend/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'console/vitest.config.ts',
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['backend/test/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Every file starts its own system on random ports and its own browser, so they run
          // side by side too: 447 s → 297 s on this 2-core machine.
          isolate: false,
        },
      },
    ],
  },
});
