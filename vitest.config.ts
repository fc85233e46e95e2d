import { availableParallelism } from 'node:os';
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
          // vitest's default (a core less than the machine has) is one worker on a 2-core CI runner; these files
          // wait on child processes and sockets much of the time, so two share 2 cores well (135 s -> 79 s here)
          maxWorkers: Math.max(2, availableParallelism() - 1),
          // a worker imports src/ once for all its files rather than once per file (the check tables are 25 small
          // files): 77 s -> 47 s here. Files share module state then, so a test restores what it changes (the
          // in-process CLI puts the streams and the environment back) and no file relies on a fresh cache.
          isolate: false,
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
