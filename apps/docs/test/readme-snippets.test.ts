// The TypeScript of the root README (its first lines are the first code a visitor reads)
// and of the client's README is typechecked against the client, like the guide's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/lib/paths.js';
import { typeErrors, typescriptBlocks, writeSnippets } from './snippets.js';

const READMES = {
  'the root README': 'README.md',
  "the client's README": 'packages/client/README.md',
};

describe.each(Object.entries(READMES))('TypeScript in %s', (_name, path) => {
  const snippets = typescriptBlocks(readFileSync(join(repoRoot, path), 'utf8'));

  it('typechecks against the client', () => {
    expect(snippets.length).toBeGreaterThan(0);
    const folder = `readme-snippets/${path.replaceAll('/', '-')}`;
    expect(typeErrors(writeSnippets(folder, snippets))).toBe('');
  });
});
