import { type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Json, loadSpec, type SpecRuntime } from '@partnero-kit/openapi/runtime';
import { packageDir, site } from '../scripts/lib/paths.js';

export const tsxBin = join(packageDir, 'node_modules', '.bin', 'tsx');

/** The bundled spec the site is built from: the list of operations the tests expect. */
export function bundledSpec(): Json {
  return loadSpec().document;
}

export const operations = [...loadSpec().operations.values()];

/** The spec the site was built with, samples included. */
export function builtSpec(): SpecRuntime {
  requireBuiltSite();
  return loadSpec(JSON.parse(readFileSync(site.derivedSpec, 'utf8')));
}

/** Fails with a clear message when the site has not been built. */
export function requireBuiltSite(): void {
  if (!existsSync(site.html)) {
    throw new Error('dist/index.html is missing: run `pnpm run build` in apps/docs first');
  }
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and collects its output. */
export function runToEnd(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
