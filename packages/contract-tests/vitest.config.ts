// The default suite: everything runs against a Prism mock of the bundled spec, including
// the tests proving the any-server suite can fail and that no Prism outlives a run.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/mock/**/*.test.ts'],
    globalSetup: ['src/setup/mock.ts'],
    // Two files mostly wait on child vitest runs; letting the files run side by side (vitest
    // would use one worker on a two-core machine) overlaps those waits.
    maxWorkers: 3,
    // Generous because the child-run tests share the machine with the rest of `npm test`.
    testTimeout: 180_000,
    hookTimeout: 30_000,
  },
});
