import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPackagesSync } from '@manypkg/get-packages';

export interface WorkspacePackage {
  name: string;
  version: string;
  directory: string;
  private: boolean;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

/** The monorepo root: the nearest folder above this file with a pnpm-workspace.yaml. */
export function findRepoRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let directory = start;
  while (!existsSync(join(directory, 'pnpm-workspace.yaml'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    directory = parent;
  }
  return directory;
}

/** Every package of the workspace, as pnpm-workspace.yaml lists them (read by @manypkg/get-packages). */
export function listWorkspacePackages(root: string): WorkspacePackage[] {
  return getPackagesSync(root)
    .packages.map(({ packageJson, dir }) => ({
      name: packageJson.name,
      version: packageJson.version,
      directory: dir,
      private: packageJson.private === true,
      dependencies: packageJson.dependencies ?? {},
      devDependencies: packageJson.devDependencies ?? {},
      peerDependencies: packageJson.peerDependencies ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function publicPackages(root: string): WorkspacePackage[] {
  return listWorkspacePackages(root).filter((pkg) => !pkg.private);
}

export const SPEC_PACKAGE = '@partnero-kit/openapi';

/**
 * The public packages a spec change reaches: the spec package, the packages built from it
 * (any dependency kind, since @partnero-kit/types is generated from it at build time), and
 * the public packages that depend on one of those at run time.
 */
export function packagesAffectedBySpec(packages: WorkspacePackage[]): string[] {
  const publicOnes = packages.filter((pkg) => !pkg.private);
  const affected = new Set([SPEC_PACKAGE]);
  for (const pkg of publicOnes) {
    const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
    if (SPEC_PACKAGE in all) affected.add(pkg.name);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const pkg of publicOnes) {
      if (affected.has(pkg.name)) continue;
      const runtime = { ...pkg.dependencies, ...pkg.peerDependencies };
      if (Object.keys(runtime).some((name) => affected.has(name))) {
        affected.add(pkg.name);
        grew = true;
      }
    }
  }
  return [...affected].sort();
}
