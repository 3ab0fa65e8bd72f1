import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  clean: true,
  sourcemap: false,
  // Consumers bundle and minify; readable output makes stack traces useful.
  minify: false,
  treeshake: true,
  // The HMAC of verifyWebhook comes from @noble/hashes, which ships ESM only: bundling the
  // few functions used keeps the CommonJS build requirable on every Node 20 and leaves
  // users one dependency fewer. Its license ships beside dist in THIRD_PARTY_LICENSES.md.
  noExternal: ['@noble/hashes'],
});
