// Runs this package's vitest in a child process, the way CI would, so tests can watch a
// whole run from outside: its exit, its JSON report and the Prism it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

export interface ChildRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: JsonReport | undefined;
}

export interface ChildRun {
  process: ChildProcess;
  /** Resolves with the pid of the Prism the child's global set-up started. */
  prismPid: Promise<number>;
  /** That pid if the child has reported it yet. */
  prismPidSoFar(): number | undefined;
  done: Promise<ChildRunResult>;
}

/** Environment of the parent minus what would leak this run's state into the child. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|PARTNERO_)/.test(name) || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1', CI: 'true', ...extra };
}

export function runChildVitest(config: string, env: Record<string, string> = {}): ChildRun {
  const reportDir = mkdtempSync(join(tmpdir(), 'contract-tests-'));
  const reportFile = join(reportDir, 'report.json');
  const child = spawn(
    process.execPath,
    [vitestBin, 'run', '--config', config, '--reporter=json', `--outputFile=${reportFile}`],
    { cwd: packageRoot, env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let reportedPid: number | undefined;
  const prismPid = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /\[contract-tests\] Prism .* \(pid (\d+)\)/.exec(stdout);
      if (match && reportedPid === undefined) {
        reportedPid = Number(match[1]);
        resolve(reportedPid);
      }
    });
    child.once('exit', () =>
      reject(new Error(`the child run never reported a Prism pid:\n${stdout}\n${stderr}`)),
    );
  });
  prismPid.catch(() => {});
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<ChildRunResult>((resolve) => {
    child.once('close', async (code, signal) => {
      const report = await readFile(reportFile, 'utf8').then(
        (text) => JSON.parse(text) as JsonReport,
        () => undefined,
      );
      await rm(reportDir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, report });
    });
  });
  return { process: child, prismPid, prismPidSoFar: () => reportedPid, done };
}

/** Whether a process with this pid still exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  return true;
}

/** Waits up to `timeout` ms for a process to disappear; returns whether it did. */
export async function waitUntilGone(pid: number, timeout = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeout;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Ends a child run and its Prism if they are still there, so that a test that failed or
 * timed out while watching a run leaves no process behind.
 */
export function killChildRun(run: ChildRun): void {
  const prismPid = run.prismPidSoFar();
  if (run.process.exitCode === null && run.process.signalCode === null) run.process.kill('SIGKILL');
  if (prismPid !== undefined && isRunning(prismPid)) process.kill(prismPid, 'SIGKILL');
}
