// `npm start` as a process manager runs it: a signal sent to the npm process alone (not to
// its process group, as a terminal's Ctrl-C would) must end every server it started and
// free both ports within 5 s; so must npm dying outright (SIGKILL), which leaves the servers
// without a parent. scripts/bootstrap.mjs does both.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@partnero-kit/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/lib/paths.js';
import { assertPortFree } from '../scripts/lib/ports.js';

const STOP_WITHIN_MS = 5_000;
const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-signals-'));
/** Every process below a started npm, for the clean-up after a failed test. */
let started: number[] = [];
let npm: ChildProcess | undefined;

afterEach(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone: what the test wants.
    }
  }
  started = [];
  npm?.kill('SIGKILL');
  npm = undefined;
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every process below `pid`, from `ps`. */
function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  for (const queue = [pid]; queue.length > 0; ) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

const answers = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  );

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

const isFree = (port: number) =>
  assertPortFree(port, '127.0.0.1').then(
    () => true,
    () => false,
  );

describe('npm start stops with its parent', () => {
  it.each([
    ['SIGTERM', 'SIGTERM'],
    ['SIGINT', 'SIGINT'],
    ['SIGHUP', 'SIGHUP'],
    ['npm dying (SIGKILL)', 'SIGKILL'],
  ] as const)(
    'on %s to the npm process only, every server ends and both ports are free',
    async (_, signal) => {
      const docsPort = await freePort();
      const apiPort = await freePort();
      let output = '';
      npm = spawn('npm', ['start'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DOCS_PORT: String(docsPort),
          API_PORT: String(apiPort),
          SANDBOX_DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
      };
      npm.stdout?.on('data', collect);
      npm.stderr?.on('data', collect);
      const up = await until(
        async () =>
          output.includes('Press Ctrl-C to stop.') &&
          (await answers(`http://127.0.0.1:${docsPort}/`)) &&
          (await answers(`http://127.0.0.1:${apiPort}/v1/customers`)),
        150_000,
      );
      expect(up, output).toBe(true);
      started = descendantsOf(npm.pid as number);
      expect(started.length).toBeGreaterThan(1);

      npm.kill(signal);
      const freed = await until(
        async () => (await isFree(docsPort)) && (await isFree(apiPort)),
        STOP_WITHIN_MS,
      );
      expect(freed, `ports ${docsPort} and ${apiPort} still taken:\n${output}`).toBe(true);
      const allGone = await until(
        async () => started.every((pid) => !isAlive(pid)),
        STOP_WITHIN_MS,
      );
      expect(allGone, `still running: ${started.filter(isAlive).join(', ')}`).toBe(true);
    },
    180_000,
  );
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
