import { relative } from 'node:path';
import { buildSite } from './lib/build-site.js';
import { distDir } from './lib/paths.js';
import { formatBytes, sizeTable } from './lib/sizes.js';

/** The page itself (the HTML) should stay under this size. */
const PAGE_BUDGET = 1_500_000;

const started = Date.now();
const { operations, sizes } = await buildSite();
const within = sizes.html.raw <= PAGE_BUDGET;

console.log(
  `Built ${relative(process.cwd(), distDir) || '.'}/ with ${operations} operations in ${Date.now() - started} ms`,
);
console.log(sizeTable([sizes.html, sizes.script]));
console.log(
  `  page (index.html): ${formatBytes(sizes.html.raw)} raw, budget ${formatBytes(PAGE_BUDGET)}: ${within ? 'within' : 'OVER'}`,
);
console.log(
  '  first visit transfers about the gzip total; the Redoc script is then cached separately.',
);
if (!within) process.exitCode = 1;
