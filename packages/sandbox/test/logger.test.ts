import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createContext } from '../src/context.ts';
import { RequestLog } from '../src/http/request-log.ts';
import type { SandboxLogger } from '../src/index.ts';
import { createHandlers } from '../src/operations/handlers.ts';
import { createRequestHandler } from '../src/server.ts';
import { loadSpec } from '../src/spec.ts';
import { type Storage, StorageUnavailable } from '../src/storage/types.ts';
import { apiFor } from './support/sandbox.ts';

// Failures inside the sandbox go to the logger it was given, not to stderr. The storage is a
// stand-in whose every call fails the way the test names; the server around it is real.

const spec = loadSpec();

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: keyof SandboxLogger; message: string }[] = [];
  const logger: SandboxLogger = {
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
  return { logger, lines };
}

/** A storage whose every method rejects with the error `fail` makes. */
function failingStorage(fail: () => Error): Storage {
  return new Proxy({} as Storage, {
    get: (_, name) => (name === 'kind' ? 'sqlite' : () => Promise.reject(fail())),
  });
}

describe('the logger option', () => {
  const { logger, lines } = recordingLogger();
  let failure: () => Error = () => new Error('unset');
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const context = createContext({
      spec,
      storage: failingStorage(() => failure()),
      handlers: createHandlers(spec),
      strict: false,
      log: new RequestLog(),
      logger,
      seeds: [],
      fallbackHost: () => 'localhost',
    });
    server = createServer(createRequestHandler(context));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((done) => server?.close(done)));
  afterEach(() => {
    lines.length = 0;
    vi.restoreAllMocks();
  });

  it('gets a storage out of reach as one warning line, and stderr gets nothing', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    failure = () => new StorageUnavailable('connect ECONNREFUSED 127.0.0.1:5432');
    const answer = await apiFor(url).call('GET', '/v1/customers/k');
    expect(answer.status).toBe(500);
    expect(lines).toEqual([
      { level: 'warn', message: 'storage unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
    ]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('gets any other failure as an error with its stack', async () => {
    failure = () => new TypeError('a bug in a handler');
    const answer = await apiFor(url).call('POST', '/v1/customers/k/suspend');
    expect(answer.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.message).toMatch(/^TypeError: a bug in a handler\n\s+at /);
  });
});
