import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.js';

const require = createRequire(import.meta.url);

export interface PrismOptions {
  /** `mock` answers from the spec; `proxy` forwards to `upstream` and checks its answers. */
  mode?: 'mock' | 'proxy';
  /** The server Prism forwards to, in proxy mode. */
  upstream?: string;
  /** Spec file to serve; the bundled spec of @partnero-kit/openapi by default. */
  spec?: string;
  /** Port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Turn violations into error responses (`--errors`). */
  errors?: boolean;
  /** Forward Prism's log to this process's stderr, for debugging. */
  verbose?: boolean;
  /** How long to wait for the first answer, in ms. */
  startTimeout?: number;
}

export interface RunningPrism {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const prismBin = join(
  dirname(require.resolve('@stoplight/prism-cli/package.json')),
  'dist',
  'index.js',
);

/** Starts Prism on 127.0.0.1 and resolves once it answers HTTP. */
export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const mode = options.mode ?? 'mock';
  const spec = options.spec ?? require.resolve('@partnero-kit/openapi/openapi.yaml');
  const port = options.port ?? (await freePort());
  const args = [prismBin, mode, spec];
  if (mode === 'proxy') {
    if (!options.upstream) throw new Error('startPrism: proxy mode needs `upstream`');
    args.push(options.upstream);
  }
  args.push('--host', '127.0.0.1', '--port', String(port));
  if (options.errors) args.push('--errors');
  if (!options.verbose) args.push('-v', 'silent');

  const child = spawn(process.execPath, args, {
    stdio: ['ignore', options.verbose ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.verbose) process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(url, child, options.startTimeout ?? 60_000, () => stderr);
  return { url, port, pid: child.pid ?? -1, stop: () => stopProcess(child) };
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  timeout: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Prism exited with code ${child.exitCode} before answering:\n${log()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`Prism did not answer on ${url} within ${timeout} ms:\n${log()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
