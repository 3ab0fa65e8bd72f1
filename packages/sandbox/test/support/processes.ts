// Sandboxes run as child processes through the CLI, with what each test started stopped and
// removed after it, in the calling test file.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { databaseUrl, stopChild, storageUnderTest } from './sandbox.js';

export function useSandboxProcesses() {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stopChild));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return {
    /** Kills the child after the test, whatever state it is in. */
    track(child: ChildProcess) {
      children.push(child);
    },
    /** Runs after the test, once the children are stopped. */
    afterTest(cleanup: () => Promise<void> | void) {
      cleanups.push(cleanup);
    },
    /** CLI flags for the storage under test: a fresh data folder, or the Postgres database. */
    storageArgs(): string[] {
      if (storageUnderTest() === 'postgres') return ['--database-url', databaseUrl()];
      const folder = mkdtempSync(join(tmpdir(), 'partnero-sandbox-'));
      cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
      return ['--data', folder];
    },
  };
}
