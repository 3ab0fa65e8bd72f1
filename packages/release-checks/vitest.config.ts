import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing, `npm install` and tsc runs are slow on a shared two-core machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
