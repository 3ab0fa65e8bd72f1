import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SandboxSetupError } from '../errors.js';

const FIX =
  'better-sqlite3 has no native build: allow its install script (npm: `npm install-scripts approve better-sqlite3`; pnpm: `pnpm approve-builds`, or list it in `onlyBuiltDependencies`) and reinstall, or use --database-url';

/** Opens a database file (or `:memory:`) with the loaded driver. */
export type OpenDatabase = (file: string) => BetterSqlite3.Database;

/**
 * Loads better-sqlite3 and its native binding. Package managers that do not run install
 * scripts leave the binding unbuilt; that surfaces here as one line naming the fix.
 */
export async function loadBetterSqlite3(): Promise<OpenDatabase> {
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new SandboxSetupError('better-sqlite3 is not installed: add it to your dependencies');
    }
    throw explainLoadError(error);
  }
  // Naming the usual build output skips the `bindings` package's search of a dozen paths,
  // which is a noticeable part of start-up; anything unusual takes the default route.
  const built = join(
    dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
    'build',
    'Release',
    'better_sqlite3.node',
  );
  // No waiting on a locked file: the only lock is another sandbox's hold on its folder.
  const options = existsSync(built) ? { nativeBinding: built, timeout: 0 } : { timeout: 0 };
  const open: OpenDatabase = (file) => new Database(file, options);
  try {
    // The binding is loaded by the first constructor call; probe it once here.
    open(':memory:').close();
  } catch (error) {
    throw explainLoadError(error);
  }
  return open;
}

/** Translates a load failure into a `SandboxSetupError` when it is a missing or foreign build. */
export function explainLoadError(error: unknown): unknown {
  const message = String((error as { message?: unknown }).message ?? error);
  if (
    message.includes('Could not locate the bindings file') ||
    (error as { code?: string }).code === 'ERR_DLOPEN_FAILED' ||
    message.includes('NODE_MODULE_VERSION')
  ) {
    return new SandboxSetupError(FIX);
  }
  return error;
}
