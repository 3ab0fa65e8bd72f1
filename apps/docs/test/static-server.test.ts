import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from '../scripts/lib/ports.js';
import { type StaticServer, serveStatic } from '../scripts/lib/static-server.js';

const root = mkdtempSync(join(tmpdir(), 'docs-static-'));
const secret = `${root}-secret.txt`;
let server: StaticServer;

/** A raw request, so that the path is sent exactly as written (fetch would normalise `..`). */
function send(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${server.url}${path}`, { method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.once('error', reject);
      req.end();
    },
  );
}

const get = (path: string, headers: Record<string, string> = {}) => send('GET', path, headers);

beforeAll(async () => {
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(root, 'app.js'), 'export const answer = 42;\n'.repeat(50));
  writeFileSync(join(root, 'sub', 'index.html'), 'sub page');
  writeFileSync(secret, 'outside the root');
  server = await serveStatic({ root });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(secret, { force: true });
});

describe('serveStatic', () => {
  it('listens on a free port of 127.0.0.1 and serves index.html for directories', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html; ?charset=utf-8$/);
    expect(home.body.toString()).toContain('<title>home</title>');
    expect((await get('/sub/')).body.toString()).toBe('sub page');
  });

  it('serves modules with a JavaScript type, as they are, and revalidates with an ETag', async () => {
    const module = await get('/app.js', { 'Accept-Encoding': 'gzip, br' });
    expect(module.status).toBe(200);
    expect(module.headers['content-type']).toMatch(/^text\/javascript/);
    // Loopback only: compressing would cost more time than it saves (see static-server.ts).
    expect(module.headers['content-encoding']).toBeUndefined();
    expect(module.body.toString()).toBe('export const answer = 42;\n'.repeat(50));
    expect(module.headers['cache-control']).toBe('no-cache');
    const etag = String(module.headers.etag);
    expect(etag).not.toBe('undefined');
    const again = await get('/app.js', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await send('HEAD', '/app.js');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = await send('POST', '/app.js');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers 404 for missing files and never serves files outside the root', async () => {
    expect((await get('/missing.html')).status).toBe(404);
    const outside = await get(`/../${secret.split('/').pop()}`);
    expect(outside.status).toBe(404);
    expect(outside.body.toString()).not.toContain('outside the root');
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses a port that is taken, naming the variable it came from', async () => {
    await expect(
      serveStatic({ root, port: server.port, portVariable: 'DOCS_PORT' }),
    ).rejects.toBeInstanceOf(PortInUseError);
  });
});
