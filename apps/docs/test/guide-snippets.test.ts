// The getting-started guide (the spec's info.description) shows TypeScript too. Those
// snippets are typechecked against the client here, so the guide cannot drift from it.
// (They are not run: the pagination one walks every page, and the mock's pages never end.)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageDir } from '../scripts/lib/paths.ts';
import { bundledSpec } from './helpers.ts';

const PRELUDE = [
  "import { Partnero } from '@partnero-kit/client';",
  'const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });',
  '',
].join('\n');

function guideSnippets(): string[] {
  const description = String(bundledSpec().info.description ?? '');
  return [...description.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A snippet as a module: fragments that use `partnero` get the client created first. */
function asModule(snippet: string): string {
  return snippet.includes('new Partnero(') ? snippet : `${PRELUDE}${snippet}`;
}

function typeErrors(files: string[]): string {
  const configPath = join(packageDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, packageDir);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => packageDir,
    getNewLine: () => '\n',
  });
}

describe('TypeScript in the getting-started guide', () => {
  const snippets = guideSnippets();

  it('has the install-to-first-call, error and pagination snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.some((snippet) => snippet.includes('partnero.customers.create('))).toBe(true);
  });

  it('typechecks against the client', () => {
    // Inside the package, so that `@partnero-kit/client` resolves as it does for samples/.
    const dir = join(packageDir, 'test-output', 'guide-snippets');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = snippets.map((snippet, index) => {
      const file = join(dir, `snippet-${index + 1}.ts`);
      writeFileSync(file, asModule(snippet));
      return file;
    });
    expect(typeErrors(files)).toBe('');
  });

  it('would catch a snippet that calls the client wrongly', () => {
    const dir = join(packageDir, 'test-output', 'guide-snippets-broken');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'broken.ts');
    writeFileSync(file, asModule("await partnero.customers.retrieve({ name: 'Ada' });\n"));
    expect(typeErrors([file])).toContain('broken.ts');
    rmSync(dir, { recursive: true, force: true });
  });
});
