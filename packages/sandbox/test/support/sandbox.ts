import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/index.js';

export type StorageKind = 'sqlite' | 'postgres';

/** Which storage this run tests: set by the vitest config, never guessed. */
export function storageUnderTest(): StorageKind {
  const kind = process.env.SANDBOX_STORAGE;
  if (kind !== 'sqlite' && kind !== 'postgres') {
    throw new Error(`SANDBOX_STORAGE must be sqlite or postgres, got ${String(kind)}`);
  }
  return kind;
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('the postgres run needs DATABASE_URL');
  return url;
}

/** Options that put a sandbox on the storage under test, in strict mode. */
export function storageOptions(): SandboxOptions {
  return storageUnderTest() === 'postgres'
    ? { databaseUrl: databaseUrl(), strict: true }
    : { memory: true, strict: true };
}

export function startTestSandbox(extra: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, ...storageOptions(), ...extra });
}

/** A fresh API key: each one is its own program, so tests never see each other's data. */
export function newApiKey(): string {
  return `test_${randomUUID()}`;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A tiny fetch wrapper bound to one sandbox and one API key. */
/** `apiKey: null` sends no Authorization header at all. */
export function apiFor(base: string, apiKey: string | null = newApiKey()) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Left as text: the assertion on it will say what came back.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return { apiKey, call };
}

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Starts the built CLI and waits for the line with its URL. */
export async function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (!existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${output}`)), 15_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

/** Runs the CLI to completion (for flags that exit at once). */
export function runCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Kills a child in teardown, whatever state it is in. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await exited(child);
}

/**
 * One request over node:http, for what `fetch` refuses to send: a body on GET (as Partnero's
 * PHP SDK sends its list filters) or a body text exactly as a curl example prints it.
 */
export function rawCall(
  base: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${base}${request.path}`,
      {
        method: request.method,
        // Node sends a GET's body without chunking: the length must say where it ends.
        headers: {
          ...(request.body === undefined
            ? {}
            : { 'Content-Length': String(Buffer.byteLength(request.body)) }),
          ...request.headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Left as text: the assertion on it will say what came back.
          }
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          resolve({ status: response.statusCode ?? 0, headers, body });
        });
      },
    );
    sent.on('error', reject);
    sent.end(request.body);
  });
}
