// `npm start` as a user runs it: the docs and the local API come up on the ports from
// DOCS_PORT and API_PORT (the sandbox by default, the Prism mock with --mock), and Ctrl-C
// (SIGINT) stops both.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@partnero-kit/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { packageDir, repoRoot, sandboxDataDir } from '../scripts/lib/paths.js';
import { assertPortFree } from '../scripts/lib/ports.js';
import { requireBuiltSite, runToEnd } from './helpers.js';

// As package.json runs it: one node process (a tsx parent would relay Ctrl-C with a 30 ms
// deadline and SIGKILL a child that is slow to confirm it under load).
const startArgs = ['--import', 'tsx', 'scripts/start.ts'];
const mockArgs = [...startArgs, '--mock'];
let child: ChildProcess | undefined;

// The tests keep the sandbox's data out of the repository's own .partnero-sandbox/.
const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-start-sandbox-'));
  dataDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  const running = child;
  child = undefined;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  // SIGTERM lets start.ts stop its API server; SIGKILL only if it does not exit in time.
  const gone = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
});

function waitForOutput(process: ChildProcess, text: string, timeout = 45_000): Promise<string> {
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

interface Started {
  process: ChildProcess;
  output: string;
}

/** Spawns start.ts and resolves once it has printed its banner. */
async function start(args: string[], env: Record<string, string>): Promise<Started> {
  requireBuiltSite();
  const started = spawn(process.execPath, args, {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  const output = await waitForOutput(started, 'Press Ctrl-C to stop.');
  return { process: started, output };
}

/** Ctrl-C, then checks the clean exit and that both ports are free again. */
async function interruptAndExpectStopped(process: ChildProcess, ports: number[]): Promise<void> {
  const exited = exitOf(process);
  process.kill('SIGINT');
  const { code, output } = await exited;
  expect(output).toContain('Stopped.');
  expect(code, output).toBe(0);
  for (const port of ports) {
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined();
  }
}

function createCustomer(apiUrl: string, token: string, key: string) {
  return fetch(`${apiUrl}/v1/customers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      key,
      partner: { key: 'partner_docs' },
      email: `${key}@example.com`,
      name: 'Ada',
      tags: ['docs-start'],
    }),
  });
}

function getCustomer(apiUrl: string, token: string, key: string) {
  return fetch(`${apiUrl}/v1/customers/${key}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

describe('npm start (sandbox, the default)', () => {
  it('keeps its data in .partnero-sandbox/ at the repository root', () => {
    expect(existsSync(join(repoRoot, 'pnpm-workspace.yaml'))).toBe(true);
    expect(sandboxDataDir).toBe(join(repoRoot, '.partnero-sandbox'));
  });

  it('serves the docs and a sandbox that keeps what is created, and stops on Ctrl-C', async () => {
    const docsPort = await freePort();
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const { process: running, output } = await start(startArgs, {
      DOCS_PORT: String(docsPort),
      API_PORT: String(apiPort),
      SANDBOX_DATA_DIR: freshDataDir(),
    });
    expect(output).toContain(`API docs   http://127.0.0.1:${docsPort}`);
    expect(output).toContain(`Sandbox    ${apiUrl}   (keeps what you create; data in `);
    expect(output).toContain(
      `curl -H 'Authorization: Bearer dev-key' ${apiUrl}/v1/customers/cus_ada`,
    );
    expect(output).toContain(`export PARTNERO_BASE_URL=${apiUrl} PARTNERO_API_KEY=dev-key`);

    const docs = await fetch(`http://127.0.0.1:${docsPort}/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<title>Partnero Customers API</title>');

    const token = `docs-test-${randomUUID()}`;
    const key = `cus_${randomUUID().slice(0, 8)}`;
    const created = await createCustomer(apiUrl, token, key);
    expect(created.status).toBe(200);
    const createdBody = (await created.json()) as { data: Record<string, unknown> };
    expect(createdBody.data).toMatchObject({ key, email: `${key}@example.com`, name: 'Ada' });

    const read = await getCustomer(apiUrl, token, key);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ data: createdBody.data, status: 1 });
    // Another API key is another program: it does not see the customer.
    expect((await getCustomer(apiUrl, `${token}-other`, key)).status).toBe(404);

    await interruptAndExpectStopped(running, [docsPort, apiPort]);
  });

  it('finds what was created after a restart', async () => {
    const dataDir = freshDataDir();
    const token = `docs-test-${randomUUID()}`;
    const key = `cus_${randomUUID().slice(0, 8)}`;
    const ports = async () => ({ docs: await freePort(), api: await freePort() });

    const first = await ports();
    const { process: firstRun } = await start(startArgs, {
      DOCS_PORT: String(first.docs),
      API_PORT: String(first.api),
      SANDBOX_DATA_DIR: dataDir,
    });
    const created = await createCustomer(`http://127.0.0.1:${first.api}`, token, key);
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as { data: unknown };
    await interruptAndExpectStopped(firstRun, [first.docs, first.api]);

    const second = await ports();
    const { process: secondRun } = await start(startArgs, {
      DOCS_PORT: String(second.docs),
      API_PORT: String(second.api),
      SANDBOX_DATA_DIR: dataDir,
    });
    const read = await getCustomer(`http://127.0.0.1:${second.api}`, token, key);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ data, status: 1 });
    await interruptAndExpectStopped(secondRun, [second.docs, second.api]);
  });
});

describe('npm start -- --mock (Prism)', () => {
  it('serves the docs and the mock API, prints both addresses, and stops on Ctrl-C', async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const { process: running, output } = await start(mockArgs, {
      DOCS_PORT: String(docsPort),
      API_PORT: String(mockPort),
    });
    expect(output).toContain(`API docs   http://127.0.0.1:${docsPort}`);
    expect(output).toContain(
      `Mock API   http://127.0.0.1:${mockPort}   (answers with the spec's examples; keeps nothing)`,
    );
    expect(output).toContain(
      `curl -H 'Authorization: Bearer any-key' http://127.0.0.1:${mockPort}/v1/customers/cus_1001`,
    );

    const docs = await fetch(`http://127.0.0.1:${docsPort}/`);
    expect(docs.status).toBe(200);
    // Prism answers from the spec's example whatever was asked: the example customer.
    const customer = await getCustomer(`http://127.0.0.1:${mockPort}`, 'any-key', 'cus_other');
    expect(customer.status).toBe(200);
    expect(await customer.json()).toMatchObject({ data: { key: 'cus_1001' }, status: 1 });

    await interruptAndExpectStopped(running, [docsPort, mockPort]);
  });

  it('stops everything it started when Ctrl-C comes while it is still starting', async () => {
    requireBuiltSite();
    const docsPort = await freePort();
    const mockPort = await freePort();
    child = spawn(process.execPath, mockArgs, {
      cwd: packageDir,
      env: { ...process.env, DOCS_PORT: String(docsPort), API_PORT: String(mockPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The docs server comes up first; Prism takes seconds more. Interrupt in between.
    const deadline = Date.now() + 45_000;
    while (
      !(await fetch(`http://127.0.0.1:${docsPort}/`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the docs server never came up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await interruptAndExpectStopped(child, [docsPort, mockPort]);
  });
});

describe('npm start, wrongly started', () => {
  it.each(['DOCS_PORT', 'API_PORT'])(
    'names %s when its port is taken, without a stack trace',
    async (variable) => {
      const holder = createServer();
      const taken = await freePort();
      await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
      try {
        const ports = { DOCS_PORT: String(await freePort()), API_PORT: String(await freePort()) };
        const run = await runToEnd(process.execPath, startArgs, {
          cwd: packageDir,
          env: {
            ...process.env,
            ...ports,
            [variable]: String(taken),
            SANDBOX_DATA_DIR: freshDataDir(),
          },
        });
        expect(run.code).toBe(1);
        expect(run.stderr.trim()).toBe(
          `Cannot start: Port ${taken} on 127.0.0.1 (${variable}) is already in use. Stop the program that uses it, or choose another port, e.g. ${variable}=${taken + 1}.`,
        );
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    },
  );

  it.each([
    ['sandbox', startArgs],
    ['mock', mockArgs],
  ])('rejects an API_PORT that is not a number (%s)', async (_mode, args) => {
    const run = await runToEnd(process.execPath, args, {
      cwd: packageDir,
      env: { ...process.env, API_PORT: 'http' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Cannot start: API_PORT must be a port number from 1 to 65535 (got "http")',
    );
  });

  it('rejects an argument it does not know', async () => {
    const run = await runToEnd(process.execPath, [...startArgs, '--mokc'], { cwd: packageDir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Cannot start: unknown argument "--mokc"; the only one is --mock (the Prism mock instead of the sandbox)',
    );
  });
});
