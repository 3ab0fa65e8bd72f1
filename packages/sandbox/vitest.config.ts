import { defineConfig } from 'vitest/config';

// The embedded (SQLite) run. `vitest.postgres.config.ts` runs the same files against Postgres.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { SANDBOX_STORAGE: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
