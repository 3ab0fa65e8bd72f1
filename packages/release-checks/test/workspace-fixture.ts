// A throwaway workspace shaped like ours, for the changeset and guard tests: a root with
// pnpm-workspace.yaml, the spec package, a package generated from it, a client that depends
// on that, a private package, and a .changeset folder with the repository's own config.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../src/workspace.js';

export interface WorkspaceFixture {
  root: string;
  /** Writes `.changeset/<file>` releasing each package with its bump. */
  addChangeset(file: string, releases: Record<string, string>, quote?: string): void;
  /** Writes a file of the workspace, creating its folder. */
  write(path: string, text: string): void;
  remove(): void;
}

export function workspaceFixture(): WorkspaceFixture {
  const root = mkdtempSync(join(tmpdir(), 'release-workspace-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const writeJson = (path: string, value: unknown) => write(path, JSON.stringify(value));
  writeJson('package.json', { name: 'fixture-root', private: true });
  write('pnpm-workspace.yaml', 'packages:\n  - spec\n  - packages/*\n');
  writeJson('spec/package.json', { name: '@partnero-kit/openapi', version: '0.1.0' });
  writeJson('packages/types/package.json', {
    name: '@partnero-kit/types',
    version: '0.1.0',
    devDependencies: { '@partnero-kit/openapi': 'workspace:*' },
  });
  writeJson('packages/client/package.json', {
    name: '@partnero-kit/client',
    version: '0.1.0',
    dependencies: { '@partnero-kit/types': 'workspace:*' },
  });
  writeJson('packages/testing/package.json', {
    name: '@partnero-kit/testing',
    private: true,
    dependencies: { '@partnero-kit/openapi': 'workspace:*' },
  });
  cpSync(join(findRepoRoot(), '.changeset/config.json'), join(root, '.changeset/config.json'));
  write('.changeset/README.md', '# Changesets\n');
  return {
    root,
    write,
    addChangeset(file, releases, quote = "'") {
      const frontMatter = Object.entries(releases)
        .map(([name, bump]) => `${quote}${name}${quote}: ${bump}`)
        .join('\n');
      write(`.changeset/${file}`, `---\n${frontMatter}\n---\n\nA change.\n`);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
