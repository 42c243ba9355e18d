import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // Real training on real digits runs in some tests: generous, never a speed assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs holds global backend state: one test file per worker process at a time.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
