// The CLI's fetch over node:http: what the client reads of a Response, and how a failed
// connection looks to the client's retry rules (undici's shape: TypeError with a cause code).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport.js';
import { unusedUrl } from './support/harness.js';

let server: Server;
let url: string;
const transport = createTransport(4);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url === '/empty') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  transport.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('the CLI transport', () => {
  it('sends method, headers and body, and answers status, headers, text() and json()', async () => {
    const init = {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"key":"c1"}',
    };
    const answer = await transport.fetch(`${url}/v1/customers`, init);
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.headers.get('x-request-id')).toBe('req_1');
    const expected = { method: 'POST', auth: 'Bearer t', body: '{"key":"c1"}' };
    expect(JSON.parse(await answer.text())).toEqual(expected);
    const again = await transport.fetch(`${url}/v1/customers`, init);
    expect(await again.json()).toEqual(expected);
  });

  it('answers a status without a body', async () => {
    const answer = await transport.fetch(`${url}/empty`, { method: 'DELETE' });
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
  });

  it('fails a refused connection as fetch does: TypeError, the code on cause', async () => {
    const failure = await transport
      .fetch(`${await unusedUrl()}/`, { method: 'GET' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });
});
