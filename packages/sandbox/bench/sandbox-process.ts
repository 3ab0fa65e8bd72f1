import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@partnero-kit/testing';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * Starts the built CLI on a free port over `dataDir` and waits for its first answer;
 * `started` is when it was spawned, `startup` how long it took to answer.
 */
export async function startSandboxProcess(dataDir: string, apiKey: string, extra: string[] = []) {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [cli, '--port', String(port), '--data', dataDir, ...extra],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/v1/customers`, { headers: { authorization: `Bearer ${apiKey}` } });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return { child, url, started, startup: performance.now() - started };
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
