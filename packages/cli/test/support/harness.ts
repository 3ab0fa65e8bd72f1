// A real sandbox on disk on a free port, the built CLI run as a child process against it,
// and a proxy that injects faults into chosen requests through the sandbox's Sandbox-Fault
// header (or drops an answer after the sandbox has acted on the request, or answers a
// status the sandbox cannot fake).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { freePort } from '@partnero-kit/testing';
import { afterAll, beforeAll } from 'vitest';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Harness {
  sandbox: Sandbox;
  /** A folder for this test file's inputs and outputs. */
  dir: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'partnero-cli-test-'));
  const sandbox = await startSandbox({ port: 0, dataDir: join(dir, 'sandbox') });
  return {
    sandbox,
    dir,
    async close() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One harness for the test file: started before its tests, closed after them. The object is
 * filled in by `beforeAll`, so tests use it as it is.
 */
export function useHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness());
  });
  afterAll(() => harness.close?.());
  return harness;
}

/** A fresh API key: in the sandbox, each key is its own program. */
export const newApiKey = () => `tok_${randomUUID().replaceAll('-', '')}`;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: no inherited Partnero settings, only those given. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PARTNERO_')),
  );
  return { ...base, ...env };
}

export function startCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): ChildProcess & { result: Promise<Run> } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const result = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { result });
}

/** Runs `partnero <args>` to the end, with the API at `baseUrl` and the key `apiKey`. */
export function cli(
  args: string[],
  { baseUrl, apiKey, cwd }: { baseUrl: string; apiKey: string; cwd?: string },
): Promise<Run> {
  return startCli(args, { PARTNERO_BASE_URL: baseUrl, PARTNERO_API_KEY: apiKey }, cwd).result;
}

/** A base URL on 127.0.0.1 where nothing listens. */
export async function unusedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Calls the sandbox directly, as the program of `apiKey`. */
export async function api(
  baseUrl: string,
  apiKey: string,
  method: string,
  path: string,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return response.json();
}

/** Every customer key of the program, read page by page from the sandbox. */
export async function storedKeys(baseUrl: string, apiKey: string): Promise<string[]> {
  const keys: string[] = [];
  for (let page = 1; ; page++) {
    const body = (await api(baseUrl, apiKey, 'GET', `/v1/customers?limit=250&page=${page}`)) as {
      data: { key: string }[];
      links: { next: string | null };
    };
    keys.push(...body.data.map((c) => c.key));
    if (!body.links.next) return keys;
  }
}

/** The sandbox's log of the program's API requests (its last 200). */
export async function requestLog(
  baseUrl: string,
  apiKey: string,
): Promise<{ method: string; url: string; status: number }[]> {
  return ((await api(baseUrl, apiKey, 'GET', '/__sandbox/requests')) as { data: never[] }).data;
}

export type FaultDecision = { fault: string } | { answer: number } | 'drop-answer' | undefined;

/**
 * A proxy in front of the sandbox. `decide` sees each request (method, path, and how many
 * requests came before it) and may add a `Sandbox-Fault` header to it, or let the sandbox
 * act and then cut the connection instead of answering, as a network failure would. An
 * `answer` is a status the proxy gives itself without passing the request on: the sandbox
 * fakes only the statuses the spec documents for an operation, and the API may still send
 * others (a 501 from a gateway).
 */
export async function startFaultProxy(
  target: string,
  decide: (method: string, path: string, count: number) => FaultDecision,
): Promise<{ url: string; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    const decision = decide(req.method ?? 'GET', req.url ?? '/', count++);
    if (decision && typeof decision === 'object' && 'answer' in decision) {
      req.resume();
      res.writeHead(decision.answer, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Proxy answered ${decision.answer}` }));
      return;
    }
    const headers = { ...req.headers };
    if (decision && decision !== 'drop-answer') headers['sandbox-fault'] = decision.fault;
    const upstream = request(`${target}${req.url}`, { method: req.method, headers }, (answer) => {
      if (decision === 'drop-answer') {
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes a CSV of `count` customers; every row whose number is in `bad` has an invalid email. */
export function customersCsv(
  count: number,
  bad: (n: number) => boolean = () => false,
  prefix = 'cus',
): string {
  const lines = ['key,email,name,surname,partner.key,tags'];
  for (let n = 1; n <= count; n++) {
    const email = bad(n) ? `not-an-email-${n}` : `${prefix}${n}@example.com`;
    lines.push(`${prefix}_${n},${email},Name ${n},"Surname, ${n}",partner_${n % 5},trial;vip`);
  }
  return `${lines.join('\n')}\n`;
}
