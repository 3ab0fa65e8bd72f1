// Publishing dry run: every public package is packed with `pnpm pack`, as `changeset
// publish` would, and the tarball is checked for what a registry user needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedPackage, packPackage, readPackedManifest } from '../src/pack.js';
import { findRepoRoot, publicPackages, type WorkspacePackage } from '../src/workspace.js';

const root = findRepoRoot();
const packages = publicPackages(root);
const destination = mkdtempSync(join(tmpdir(), 'release-pack-'));
const packed = new Map<string, { pkg: WorkspacePackage; tarball: PackedPackage }>();

beforeAll(() => {
  for (const pkg of packages)
    packed.set(pkg.name, { pkg, tarball: packPackage(pkg.directory, destination) });
  console.log(
    [...packed.values()]
      .map(
        ({ tarball }) =>
          `${tarball.name}: ${tarball.files.length} files, ${(tarball.bytes / 1024).toFixed(1)} KiB packed`,
      )
      .join('\n'),
  );
}, 120_000);

afterAll(() => rmSync(destination, { recursive: true, force: true }));

/** Every file path a manifest points at: exports (all conditions), main, module, types, bin. */
function referencedFiles(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.bin);
  for (const field of ['main', 'module', 'types']) collect(manifest[field]);
  return [...new Set(targets.map((target) => target.replace(/^\.\//, '')))].sort();
}

it('finds the public packages to release', () => {
  expect(packages.map((pkg) => pkg.name)).toEqual(
    expect.arrayContaining([
      '@partnero-kit/client',
      '@partnero-kit/openapi',
      '@partnero-kit/types',
    ]),
  );
});

describe.each(packages.map((pkg) => pkg.name))('%s', (name) => {
  const entry = () => {
    const found = packed.get(name);
    if (!found) throw new Error(`${name} was not packed`);
    return { ...found, manifest: readPackedManifest(found.tarball.filename) };
  };

  it('packs every file its manifest points at', () => {
    const { tarball, manifest } = entry();
    const missing = referencedFiles(manifest).filter((file) => !tarball.files.includes(file));
    expect(missing).toEqual([]);
    expect(tarball.files).toContain('package.json');
  });

  it('publishes real versions instead of workspace: and catalog: ranges', () => {
    const { manifest } = entry();
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.entries((manifest[field] as Record<string, string> | undefined) ?? {}),
    );
    const unresolved = ranges.filter(([, range]) => /^(workspace|catalog):/.test(range));
    expect(unresolved).toEqual([]);
    for (const [dependency, range] of ranges) {
      const internal = packages.find((pkg) => pkg.name === dependency);
      if (internal) expect(range, `${name} -> ${dependency}`).toBe(internal.version);
    }
  });

  it('carries the metadata the registry and provenance need', () => {
    const { pkg, manifest } = entry();
    expect(manifest).toMatchObject({
      name,
      license: 'MIT',
      engines: { node: '>=20' },
      publishConfig: { access: 'public', provenance: true },
      repository: {
        type: 'git',
        url: 'git+https://github.com/partnero-kit/partnero-kit.git',
        directory: relative(root, pkg.directory),
      },
    });
    expect(Array.isArray(manifest.files)).toBe(true);
    expect(typeof manifest.sideEffects).toBe('boolean');
    expect(manifest.exports).toHaveProperty(['./package.json']);
  });

  it('leaves tests and sources of other tools out of the tarball', () => {
    const { tarball } = entry();
    const stray = tarball.files.filter((file) =>
      /(^|\/)(test|tests|__tests__|node_modules)\/|\.test\.[cm]?[jt]s$|tsconfig.*\.json$|\.tgz$/.test(
        file,
      ),
    );
    expect(stray).toEqual([]);
  });
});
