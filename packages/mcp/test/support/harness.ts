// Official MCP clients connected to the server over a real sandbox: in memory,
// or to the built command as a child process over stdio or Streamable HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Client,
  type ClientOptions,
  type ElicitResult,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Sandbox } from '@partnero-kit/sandbox';
import { freePort } from '@partnero-kit/testing';
import { createServerFactory, type PartneroMcpOptions } from '../../src/index.js';

export const binPath = fileURLToPath(new URL('../../bin/partnero-mcp.js', import.meta.url));

/** The protocol revisions the server speaks; each test that matters runs on both. */
export const REVISIONS = ['2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];

/** A fresh API key: in the sandbox, each key is its own program. */
export const newApiKey = () => `tok_${randomUUID().replaceAll('-', '')}`;

export interface ConnectOptions extends Partial<PartneroMcpOptions> {
  revision?: Revision;
  /** Answers the server's confirmation questions; without it the client declares no elicitation. */
  elicit?: (message: string) => ElicitResult;
}

/** The client options that select a revision: 2025-era by default, 2026-07-28 pinned. */
export function clientOptions(revision: Revision, elicit?: unknown): ClientOptions {
  return {
    capabilities: elicit ? { elicitation: { form: {} } } : {},
    ...(revision === '2026-07-28' ? { versionNegotiation: { mode: { pin: revision } } } : {}),
  };
}

/** An official MCP client connected in memory to a server over `sandbox`. */
export async function connect(sandbox: Sandbox, options: ConnectOptions = {}) {
  const { revision = '2025-11-25', elicit, ...serverOptions } = options;
  const apiKey = serverOptions.apiKey ?? newApiKey();
  const factory = createServerFactory({ baseUrl: sandbox.url, ...serverOptions, apiKey });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const served = serveStdio(factory, { transport: serverSide });
  const client = new Client(
    { name: 'partnero-mcp-test', version: '1.0.0' },
    clientOptions(revision, elicit),
  );
  const asked: string[] = [];
  if (elicit) {
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params.message);
      return elicit(request.params.message);
    });
  }
  await client.connect(clientSide);
  return {
    client,
    apiKey,
    /** The questions the server asked the user. */
    asked,
    api: programApi(sandbox, apiKey),
    async close() {
      await client.close();
      await served.close();
    },
  };
}

/** The sandbox's API and control routes for one program. */
export function programApi(sandbox: Sandbox, apiKey: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    call,
    /** Adds customers (and their partners) to the program. */
    async seed(customers: Record<string, unknown>[], partners = [{ key: 'partner_ada' }]) {
      const { status, body } = await call('POST', '/__sandbox/seed', { partners, customers });
      if (status !== 200) throw new Error(`seeding failed: ${JSON.stringify(body)}`);
    },
    /** The API requests the program received, oldest first. */
    async requests(): Promise<{ method: string; url: string }[]> {
      return (await call('GET', '/__sandbox/requests')).body.data as {
        method: string;
        url: string;
      }[];
    },
  };
}

/** The built command as a child, with the environment a user would give it. */
function commandEnv(sandbox: Sandbox, apiKey: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', PARTNERO_API_KEY: apiKey, PARTNERO_BASE_URL: sandbox.url };
}

function requireBuild() {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url)))) {
    throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  }
}

/** An official client talking to `partnero-mcp ARGS` over stdio; `stderr` collects its log. */
export async function connectStdio(
  sandbox: Sandbox,
  args: string[],
  revision: Revision = '2025-11-25',
) {
  requireBuild();
  const apiKey = newApiKey();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath, ...args],
    env: commandEnv(sandbox, apiKey),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client(
    { name: 'partnero-mcp-test', version: '1.0.0' },
    clientOptions(revision),
  );
  await client.connect(transport);
  return { client, apiKey, stderr: () => stderr, close: () => client.close() };
}

/** `partnero-mcp --http PORT ARGS` as a child, once it says where it listens. */
export async function startHttpChild(sandbox: Sandbox, args: string[] = []) {
  requireBuild();
  const apiKey = newApiKey();
  const port = await freePort();
  const child = spawn(process.execPath, [binPath, '--http', String(port), ...args], {
    env: commandEnv(sandbox, apiKey),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`partnero-mcp did not start:\n${output}`)),
      15_000,
    );
    child.stderr?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`partnero-mcp exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    apiKey,
    output: () => output,
    /** A client over HTTP; with `elicit`, one that answers confirmation questions. */
    async connect(revision: Revision = '2025-11-25', elicit?: (message: string) => ElicitResult) {
      const client = new Client(
        { name: 'partnero-mcp-test', version: '1.0.0' },
        clientOptions(revision, elicit),
      );
      if (elicit) {
        client.setRequestHandler('elicitation/create', async (request) =>
          elicit(request.params.message),
        );
      }
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    },
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ARGS` to its end, with only the environment given (and PATH). */
export function runNode(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
