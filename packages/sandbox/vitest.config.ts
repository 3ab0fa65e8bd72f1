import { defineConfig } from 'vitest/config';

// The embedded (SQLite) run. `vitest.postgres.config.ts` runs the same files against Postgres.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests (`*.test-d.ts`): the handler table must refuse what the spec does not have.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    env: { SANDBOX_STORAGE: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
