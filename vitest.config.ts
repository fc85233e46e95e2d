import { defineConfig } from 'vitest/config';

// Two tiers: `fast` needs nothing but Node; `real` starts real registry servers once per run (globalSetup).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: ['test/real/**'],
          globalSetup: ['test/setup/build.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'real',
          include: ['test/real/**/*.test.ts'],
          globalSetup: ['test/setup/build.ts', 'test/setup/registries.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
