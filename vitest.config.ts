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
    projects: [
      { resolve: { alias }, test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { resolve: { alias }, test: { name: 'ivr', include: ['ivr/src/**/*.test.ts'] } },
      { test: { name: 'scripts', include: ['scripts/**/*.test.ts'], testTimeout: 60_000 } },
      {
        resolve: { alias },
        test: {
          name: 'backend',
          include: ['backend/src/**/*.test.ts'],
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
          fileParallelism: false,
        },
      },
    ],
  },
});
