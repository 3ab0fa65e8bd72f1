import { defineConfig } from 'vitest/config';

// The same suite against Postgres. It is only invoked with DATABASE_URL set (see
// `.ci/postgres.sh`); without it the run fails loudly instead of skipping.
if (!process.env.DATABASE_URL) {
  throw new Error('test:postgres needs DATABASE_URL (run it through `bash .ci/postgres.sh`)');
}

export default defineConfig({
  test: {
    // `*.postgres-test.ts`: tests that only mean something on Postgres (a server restart).
    include: ['test/**/*.test.ts', 'test/**/*.postgres-test.ts'],
    env: { SANDBOX_STORAGE: 'postgres' },
    // Files share one database; `reset()` of one must not empty another's tables mid-test.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
