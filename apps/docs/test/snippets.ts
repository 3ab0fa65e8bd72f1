// TypeScript shown in prose (the getting-started guide, the READMEs) is typechecked against
// the client, so that what a reader copies compiles. Each snippet becomes a module of its
// own under test-output/, inside this package so that `@partnero-kit/client` resolves as it
// does for samples/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { packageDir } from '../scripts/lib/paths.js';

const PRELUDE = [
  "import { Partnero } from '@partnero-kit/client';",
  'const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });',
  '',
].join('\n');

/** The bodies of the ```ts blocks of a Markdown text. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A snippet as a module: fragments that use `partnero` get the client created first. */
export function asModule(snippet: string): string {
  return snippet.includes('new Partnero(') ? snippet : `${PRELUDE}${snippet}`;
}

/** Writes each snippet as a module into a fresh `test-output/<name>/` and returns the files. */
export function writeSnippets(name: string, snippets: string[]): string[] {
  const dir = join(packageDir, 'test-output', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return snippets.map((snippet, index) => {
    const file = join(dir, `snippet-${index + 1}.ts`);
    writeFileSync(file, asModule(snippet));
    return file;
  });
}

/** tsc's diagnostics for `files` under this package's tsconfig, as text; `''` when none. */
export function typeErrors(files: string[]): string {
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
