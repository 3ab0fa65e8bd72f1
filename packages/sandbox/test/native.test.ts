import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxSetupError } from '../src/errors.js';
import { explainLoadError } from '../src/storage/native.js';
import { cliPath } from './support/sandbox.js';

// The real failure needs a machine where better-sqlite3 was installed without its build;
// these cases feed the loader's error translation the errors Node raises there.
describe('a missing native build of better-sqlite3', () => {
  it('becomes one line naming the fix for npm and pnpm', () => {
    const raw = new Error(
      'Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node\n → /x/out/Release/better_sqlite3.node',
    );
    const explained = explainLoadError(raw);
    expect(explained).toBeInstanceOf(SandboxSetupError);
    const message = (explained as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('npm install-scripts approve better-sqlite3');
    expect(message).toContain('pnpm approve-builds');
  });

  it('also covers a binding built for another Node version', () => {
    const raw = Object.assign(
      new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'),
      {
        code: 'ERR_DLOPEN_FAILED',
      },
    );
    expect(explainLoadError(raw)).toBeInstanceOf(SandboxSetupError);
  });

  it('leaves unrelated errors alone', () => {
    const raw = new Error('disk full');
    expect(explainLoadError(raw)).toBe(raw);
  });
});

describe('the CLI on an install where better-sqlite3 was never built', () => {
  // A throwaway install: the built sandbox and a copy of better-sqlite3 without its build/
  // folder, which is what npm or pnpm leave behind when the install script was not allowed.
  const root = mkdtempSync(join(tmpdir(), 'partnero-sandbox-unbuilt-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops with one line naming the fix, not a stack trace', async () => {
    const require = createRequire(import.meta.url);
    const driver = dirname(require.resolve('better-sqlite3/package.json'));
    const modules = join(root, 'node_modules');
    const sandboxDir = join(modules, '@partnero-kit', 'sandbox');
    mkdirSync(sandboxDir, { recursive: true });
    cpSync(dirname(cliPath), join(sandboxDir, 'dist'), { recursive: true });
    writeFileSync(join(sandboxDir, 'package.json'), JSON.stringify({ type: 'module' }));
    cpSync(driver, join(modules, 'better-sqlite3'), {
      recursive: true,
      dereference: true,
      filter: (source) =>
        !source.startsWith(join(driver, 'build')) &&
        !source.startsWith(join(driver, 'node_modules')),
    });
    const bindings = dirname(
      createRequire(join(driver, 'package.json')).resolve('bindings/package.json'),
    );
    symlinkSync(bindings, join(modules, 'bindings'));
    symlinkSync(
      dirname(require.resolve('@partnero-kit/openapi/package.json')),
      join(modules, '@partnero-kit', 'openapi'),
    );

    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(sandboxDir, 'dist', 'cli.js'), '--memory', '--port', '0'],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, DATABASE_URL: '' },
        },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('npm install-scripts approve better-sqlite3');
    expect(result.stderr).not.toContain('    at ');
  });
});
