import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the tarball. */
  filename: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  files: string[];
  bytes: number;
}

/**
 * The pnpm that runs this process when started through `pnpm run` (npm_execpath), else the
 * one on PATH. pnpm, not npm, must pack: it rewrites `workspace:*` and `catalog:` to the
 * real versions, as `pnpm publish` (which `changeset publish` calls) does.
 */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.c?js$/.test(execPath)) return [process.execPath, [execPath]];
  return ['pnpm', []];
}

/** Packs the package in `directory` into `destination` exactly as publishing would. */
export function packPackage(directory: string, destination: string): PackedPackage {
  const [command, prefix] = pnpm();
  const output = execFileSync(
    command,
    [...prefix, 'pack', '--pack-destination', destination, '--json'],
    {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const report = JSON.parse(output) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  };
  return {
    name: report.name,
    version: report.version,
    filename: report.filename,
    files: report.files.map((file) => file.path),
    bytes: statSync(report.filename).size,
  };
}

/** The package.json inside a tarball, as the registry would store it. */
export function readPackedManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
}

/**
 * Packs, from the copies already installed in the workspace, every third-party package
 * that `packageDirectory` needs at run time (its dependencies, recursively). With these
 * tarballs beside the workspace ones, `npm install --offline` needs no registry.
 */
export function packRuntimeDependencies(packageDirectory: string, destination: string): string[] {
  const tarballs = new Map<string, string>();
  const visit = (directory: string) => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (name.startsWith('@partnero-kit/') || tarballs.has(name)) continue;
      const installed = resolveInstalled(directory, name);
      // pnpm hard-links identical files from its store; tar would record them as links,
      // which npm refuses to extract, so pack a plain copy.
      const copy = mkdtempSync(join(tmpdir(), 'partnero-pack-'));
      cpSync(installed, copy, { recursive: true, dereference: true });
      const output = execFileSync(
        'npm',
        ['pack', copy, '--pack-destination', destination, '--ignore-scripts', '--json'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      rmSync(copy, { recursive: true, force: true });
      const [report] = JSON.parse(output) as { filename: string }[];
      if (!report) throw new Error(`npm pack printed no report for ${name}`);
      tarballs.set(name, join(destination, report.filename));
      visit(installed);
    }
  };
  visit(packageDirectory);
  return [...tarballs.values()];
}

/** Node's lookup: the nearest node_modules/<name> at or above `from`, links followed. */
function resolveInstalled(from: string, name: string): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(directory) === directory) throw new Error(`${name} is not installed above ${from}`);
  }
}
