import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContext } from '../../src/context.js';
import { RequestLog } from '../../src/http/request-log.js';
import type { SandboxLogger } from '../../src/logger.js';
import { createHandlers } from '../../src/operations/handlers.js';
import { createRequestHandler } from '../../src/server.js';
import { loadSpec } from '../../src/spec.js';
import type { Storage } from '../../src/storage/types.js';

/** A storage whose every call rejects with the error `fail` makes, as a failing backend would. */
export function failingStorage(fail: () => Error): Storage {
  return new Proxy({} as Storage, {
    get: (_, name) => (name === 'kind' ? 'postgres' : () => Promise.reject(fail())),
  });
}

/** The sandbox's real request handling over a storage of the test's own, on a free port. */
export async function serveOver(
  storage: Storage,
  options: { strict?: boolean; logger?: SandboxLogger } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const spec = loadSpec();
  const context = createContext({
    spec,
    storage,
    handlers: createHandlers(spec),
    strict: options.strict ?? false,
    log: new RequestLog(),
    logger: options.logger,
    seeds: [],
    fallbackHost: () => 'localhost',
  });
  const server = createServer(createRequestHandler(context));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
