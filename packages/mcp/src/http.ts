// Streamable HTTP at /mcp. Bound to 127.0.0.1 unless told otherwise; the `Host` header must
// name an allowed host (against DNS rebinding) and an `Origin` header, when a browser sends
// one, an allowed origin, as the MCP specification requires of HTTP servers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpServerFactory } from '@modelcontextprotocol/server';

export const ENDPOINT = '/mcp';
const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

export interface HttpOptions {
  port: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /** Origin host names accepted besides the local ones (e.g. `app.example.com`). */
  allowedOrigins?: string[];
}

export interface HttpServer {
  /** e.g. `http://127.0.0.1:3000/mcp` */
  url: string;
  close(): Promise<void>;
}

export async function serveHttp(
  factory: McpServerFactory,
  options: HttpOptions,
): Promise<HttpServer> {
  const host = options.host ?? '127.0.0.1';
  const hosts = [...new Set([...LOCAL_HOSTS, host])];
  const checkHost = hostHeaderValidation(hosts);
  const checkOrigin = originValidation([...hosts, ...(options.allowedOrigins ?? [])]);
  const mcp = createMcpHandler(factory);
  const handle = toNodeHandler(mcp);
  const server: Server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== ENDPOINT) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`Not found: the MCP endpoint is ${ENDPOINT}\n`);
      return;
    }
    if (!checkHost(req, res) || !checkOrigin(req, res)) return;
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end();
      server.emit('error', error);
    });
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port, host, () => {
      server.off('error', failed);
      listening();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${ENDPOINT}`,
    async close() {
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
