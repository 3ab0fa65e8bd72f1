// The built entry points (needs `pnpm build`): both module formats load and export the same
// names, and the published code uses web-standard APIs only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');
const require = createRequire(import.meta.url);

describe('published files', () => {
  it('ESM and CJS entry points export the same names, and both work', async () => {
    const esm = await import(join(dist, 'index.js'));
    const cjs = require(join(dist, 'index.cjs'));
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    expect(Object.keys(esm)).toEqual(expect.arrayContaining(['Partnero', 'APIError', 'Page']));
    for (const mod of [esm, cjs]) {
      const partnero = new mod.Partnero({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
      expect(typeof partnero.customers.retrieve).toBe('function');
      expect(typeof partnero.raw.GET).toBe('function');
      expect(new mod.NotFoundError(404, 'm', undefined, new Headers())).toBeInstanceOf(
        mod.APIError,
      );
    }
  });

  it('uses no Node-only APIs', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code).not.toMatch(
        /\bnode:|\bBuffer\b|\bprocess\.(?!env)|__dirname|require\("(?!openapi-fetch)/,
      );
    }
  });
});
