import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  // The database drivers and the spec document stay outside the bundle and are resolved at
  // run time. The spec runtime is bundled with ajv, and Kysely too: loading their few hundred
  // small files one by one slows start-up (Kysely alone by about 0.2 s), and only the parts
  // the sandbox uses are kept (src/spec.ts reads the document through the package's export).
  external: ['better-sqlite3', 'pg'],
  noExternal: ['@partnero-kit/openapi/runtime', 'ajv', 'ajv-formats', 'kysely'],
});
