import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  // The database drivers and the spec stay outside the bundle and are resolved at run time.
  // ajv is bundled: loading its few hundred small files one by one slows start-up.
  external: ['better-sqlite3', 'pg', '@partnero-kit/openapi'],
  noExternal: ['ajv', 'ajv-formats'],
});
