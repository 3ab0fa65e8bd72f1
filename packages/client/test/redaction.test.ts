// The API key never shows up in an error (message, toString, JSON, inspect) or in the log.
import { inspect } from 'node:util';
import { freePort } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partnero } from '../src/index.js';
import { json, startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer(async (_req, res, seen) => {
    if (seen.url.endsWith('/slow')) return; // never answers: a timeout
    if (seen.url.endsWith('/html')) {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<h1>Bad gateway</h1>');
    }
    json(res, 401, { message: 'Unauthenticated.' }, { 'x-request-id': 'req_1' });
  });
});
afterAll(() => server.close());

const logLines: string[] = [];
const logger = {
  debug: (...args: unknown[]) => logLines.push(inspect(args, { depth: 10 })),
  warn: (...args: unknown[]) => logLines.push(inspect(args, { depth: 10 })),
};

async function everyError(): Promise<unknown[]> {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const make = (baseUrl: string, extra: Record<string, unknown> = {}) =>
    new Partnero({ apiKey: TOKEN, baseUrl, logger, logLevel: 'debug', maxRetries: 1, ...extra });
  const settle = (p: Promise<unknown>) =>
    p.then(
      () => new Error('no error'),
      (e: unknown) => e,
    );
  return Promise.all([
    settle(make(server.url).customers.retrieve('c1')),
    settle(make(server.url).customers.retrieve('html')),
    settle(make(server.url, { timeout: 50 }).customers.retrieve('slow')),
    settle(make(closed).customers.retrieve('c1')),
    settle(make(server.url).customers.retrieve('slow', { signal: AbortSignal.timeout(30) })),
    settle(Promise.resolve().then(() => make(server.url).customers.retrieve(''))),
    settle(
      make(server.url, { timeout: 50 }).raw.GET('/v1/customers/{key}', {
        params: { path: { key: 'slow' } },
      }),
    ),
  ]);
}

describe('token redaction', () => {
  it('no error exposes the token in its message, toString(), JSON or inspect output', async () => {
    const errors = await everyError();
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'AuthenticationError',
      'InternalServerError',
      'APITimeoutError',
      'APIConnectionError',
      'APIUserAbortError',
      'PartneroError',
      'APITimeoutError',
    ]);
    for (const error of errors) {
      for (const form of [
        (error as Error).message,
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ]) {
        expect(form).not.toContain(TOKEN);
      }
    }
  });

  it('the logger sees requests with Authorization redacted', async () => {
    expect(logLines.length).toBeGreaterThan(5);
    const all = logLines.join('\n');
    expect(all).toContain('[redacted]');
    expect(all).not.toContain(TOKEN);
    expect(all.toLowerCase()).not.toContain('bearer');
  });

  it('inspecting the client does not show the token', () => {
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
    expect(inspect(partnero, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(partnero)).not.toContain(TOKEN);
  });
});
