// A small static file server for the built site: GET and HEAD only, no directory listings,
// nothing outside the root, and gzip for text files when the browser accepts it.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PortInUseError } from './ports.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.json', '.yaml', '.svg', '.css']);

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  root: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Environment variable the port came from, named in a port-in-use error. */
  portVariable?: string;
}

function filePathFor(root: string, url: string): string | undefined {
  const pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  const relative = normalize(pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  const file = join(root, relative);
  return file.startsWith(root + sep) ? file : undefined;
}

export async function serveStatic(options: StaticServerOptions): Promise<StaticServer> {
  const root = normalize(options.root);
  const host = options.host ?? '127.0.0.1';
  const gzipCache = new Map<string, { mtimeMs: number; body: Buffer }>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = filePathFor(root, request.url ?? '/');
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const extension = extname(file);
    let body: Buffer = await readFile(file);
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    };
    if (COMPRESSIBLE.has(extension) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      const cached = gzipCache.get(file);
      const compressed =
        cached?.mtimeMs === info.mtimeMs ? cached.body : gzipSync(body, { level: 6 });
      gzipCache.set(file, { mtimeMs: info.mtimeMs, body: compressed });
      body = compressed;
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.length);
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(options.port ?? 0, host, options.portVariable)
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
