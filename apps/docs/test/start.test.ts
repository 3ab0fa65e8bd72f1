// `npm start` as a user runs it: the docs and the mock API come up on the ports from
// DOCS_PORT and MOCK_PORT, and Ctrl-C (SIGINT) stops both.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { freePort } from '@partnero-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { packageDir } from '../scripts/lib/paths.ts';
import { assertPortFree } from '../scripts/lib/ports.ts';
import { requireBuiltSite, runToEnd } from './helpers.ts';

// As package.json runs it: one node process (a tsx parent would relay Ctrl-C with a 30 ms
// deadline and SIGKILL a child that is slow to confirm it under load).
const startArgs = ['--import', 'tsx', 'scripts/start.ts'];
let child: ChildProcess | undefined;

afterEach(async () => {
  const running = child;
  child = undefined;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  // SIGTERM lets start.ts stop its Prism child; SIGKILL only if it does not exit in time.
  const gone = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
});

function waitForOutput(process: ChildProcess, text: string, timeout = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeout} ms:\n${output}`)),
      timeout,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
    process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing "${text}":\n${output}`));
    });
  });
}

/** Resolves with the exit code and everything printed from now on, for failure messages. */
function exitOf(process: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  process.stdout?.on('data', collect);
  process.stderr?.on('data', collect);
  return new Promise((resolve) => process.once('exit', (code) => resolve({ code, output })));
}

describe('npm start', () => {
  it('serves the docs and the mock API, prints both addresses, and stops on Ctrl-C', async () => {
    requireBuiltSite();
    const docsPort = await freePort();
    const mockPort = await freePort();
    child = spawn(process.execPath, startArgs, {
      cwd: packageDir,
      env: { ...process.env, DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await waitForOutput(child, 'Press Ctrl-C to stop.');
    expect(output).toContain(`API docs   http://127.0.0.1:${docsPort}`);
    expect(output).toContain(`Mock API   http://127.0.0.1:${mockPort}`);
    expect(output).toContain(
      `curl -H 'Authorization: Bearer any-key' http://127.0.0.1:${mockPort}/v1/customers/cus_1001`,
    );

    const docs = await fetch(`http://127.0.0.1:${docsPort}/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<title>Partnero Customers API</title>');
    const customer = await fetch(`http://127.0.0.1:${mockPort}/v1/customers/cus_1001`, {
      headers: { Authorization: 'Bearer any-key' },
    });
    expect(customer.status).toBe(200);
    expect(await customer.json()).toMatchObject({ data: { key: 'cus_1001' }, status: 1 });

    const exited = exitOf(child);
    child.kill('SIGINT');
    const { code, output: shutdownOutput } = await exited;
    expect(shutdownOutput).toContain('Stopped.');
    expect(code, shutdownOutput).toBe(0);
    await expect(assertPortFree(docsPort, '127.0.0.1')).resolves.toBeUndefined();
    await expect(assertPortFree(mockPort, '127.0.0.1')).resolves.toBeUndefined();
  });

  it('stops everything it started when Ctrl-C comes while it is still starting', async () => {
    requireBuiltSite();
    const docsPort = await freePort();
    const mockPort = await freePort();
    child = spawn(process.execPath, startArgs, {
      cwd: packageDir,
      env: { ...process.env, DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    // The docs server comes up first; Prism takes seconds more. Interrupt in between.
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`http://127.0.0.1:${docsPort}/`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the docs server never came up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const { code, output } = await exited;
    expect(output).toContain('Stopped.');
    expect(code, output).toBe(0);
    await expect(assertPortFree(docsPort, '127.0.0.1')).resolves.toBeUndefined();
    await expect(assertPortFree(mockPort, '127.0.0.1')).resolves.toBeUndefined();
  });

  it('names the variable of a port that is taken, without a stack trace', async () => {
    const holder = createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    try {
      const run = await runToEnd(process.execPath, startArgs, {
        cwd: packageDir,
        env: { ...process.env, DOCS_PORT: String(taken), MOCK_PORT: String(await freePort()) },
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `Cannot start: Port ${taken} on 127.0.0.1 (DOCS_PORT) is already in use. Stop the program that uses it, or choose another port, e.g. DOCS_PORT=${taken + 1}.`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('rejects a port that is not a number', async () => {
    const run = await runToEnd(process.execPath, startArgs, {
      cwd: packageDir,
      env: { ...process.env, MOCK_PORT: 'http' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Cannot start: MOCK_PORT must be a port number from 1 to 65535 (got "http")',
    );
  });
});
