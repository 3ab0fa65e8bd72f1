// The any-server suite: Prism validates, as a proxy, a real server at PARTNERO_BASE_URL.
// Only scenarios that clean up after themselves live under test/server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/server/**/*.test.ts'],
    globalSetup: ['src/setup/server.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
