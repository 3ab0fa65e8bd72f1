// Gives CommonJS consumers their own entry. The package holds types only, but a `require`
// of it (or a .cts file importing its types under node16 resolution) must not land on an
// ES module: each dist/*.d.ts gets a .d.cts twin importing .cjs paths, and dist/index.cjs
// is the empty CommonJS module the `require` condition points at.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;

for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const source = readFileSync(join(dist, file), 'utf8');
  const twin = source.replaceAll(/(from\s+['"]\.{1,2}\/[^'"]+)\.js(['"])/g, '$1.cjs$2');
  writeFileSync(join(dist, file.replace(/\.d\.ts$/, '.d.cts')), twin);
}
writeFileSync(join(dist, 'index.cjs'), "'use strict';\n");
