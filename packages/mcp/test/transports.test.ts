// The built command as a child process: over stdio (the default) and over Streamable HTTP,
// on each protocol revision, with HTTP's Host and Origin checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binPath,
  connectStdio,
  programApi,
  REVISIONS,
  runNode,
  startHttpChild,
} from './support/harness.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

describe.each(REVISIONS)('stdio on %s', (revision) => {
  it('answers tools/list and a tools/call, read-only by default', async () => {
    const started = performance.now();
    const session = await connectStdio(sandbox, [], revision);
    const { tools } = await session.client.listTools();
    const elapsed = performance.now() - started;
    console.log(
      `stdio (${revision}): start-up to the first answered tools/list ${elapsed.toFixed(0)} ms`,
    );
    expect(tools.map((t) => t.name)).toEqual([
      'list_customers',
      'search_customers',
      'list_customer_transactions',
      'get_customer',
      'list_webhooks',
      'get_webhook',
    ]);
    await programApi(sandbox, session.apiKey).seed([
      { key: 'cus_1', partner: { key: 'partner_ada' } },
    ]);
    const result = await session.client.callTool({
      name: 'get_customer',
      arguments: { key: 'cus_1' },
    });
    expect(result.structuredContent).toMatchObject({ customer: { key: 'cus_1' } });
    expect(session.client.getNegotiatedProtocolVersion()).toBe(revision);
    await session.close();
  });
});

describe('Streamable HTTP', () => {
  let server: Awaited<ReturnType<typeof startHttpChild>>;
  beforeAll(async () => {
    server = await startHttpChild(sandbox, ['--allow-write']);
  });
  afterAll(() => server?.stop());

  it('listens on 127.0.0.1 at /mcp', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it.each(REVISIONS)('answers tools/list and a tools/call on %s', async (revision) => {
    const client = await server.connect(revision);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('create_customer');
    expect(tools.map((t) => t.name)).not.toContain('delete_customer');
    const key = `cus_${revision.replaceAll('-', '')}`;
    const created = await client.callTool({
      name: 'create_customer',
      arguments: { key, partner: { key: 'p' } },
    });
    expect(created.structuredContent).toMatchObject({ customer: { key } });
    expect(client.getNegotiatedProtocolVersion()).toBe(revision);
    await client.close();
  });

  it('asks before a delete on 2026-07-28, where each call carries what the client can do', async () => {
    const deleting = await startHttpChild(sandbox, ['--allow-write', '--allow-delete']);
    try {
      const api = programApi(sandbox, deleting.apiKey);
      await api.seed([{ key: 'cus_1', email: 'ada@example.com', partner: { key: 'partner_ada' } }]);
      const asked: string[] = [];
      const client = await deleting.connect('2026-07-28', (message) => {
        asked.push(message);
        return { action: 'decline' };
      });
      const result = await client.callTool({
        name: 'delete_customer',
        arguments: { key: 'cus_1' },
      });
      expect(asked).toEqual([
        'Delete customer cus_1 (ada@example.com) permanently? This cannot be undone.',
      ]);
      expect(result.structuredContent).toEqual({ declined: true });
      expect((await api.call('GET', '/v1/customers/cus_1')).status).toBe(200);
      await client.close();
    } finally {
      await deleting.stop();
    }
  });

  const initialize = (headers: Record<string, string>) =>
    fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'curl', version: '1' },
        },
      }),
    });

  it('refuses a request from a foreign Origin with 403, and serves a local one', async () => {
    expect((await initialize({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await initialize({ origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await initialize({})).status).toBe(200);
  });

  it('is stateless: GET and DELETE on the endpoint (2025 session streams) answer 405', async () => {
    expect((await fetch(server.url, { headers: { accept: 'text/event-stream' } })).status).toBe(
      405,
    );
    expect((await fetch(server.url, { method: 'DELETE' })).status).toBe(405);
  });

  it('answers 404 off the endpoint', async () => {
    const response = await fetch(server.url.replace('/mcp', '/other'));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('/mcp');
  });
});

describe('the command line', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    runNode([binPath, ...args], { env });

  it('refuses to start without PARTNERO_API_KEY, saying where to get one', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr).toContain('set PARTNERO_API_KEY');
  });

  it.each([
    [['--allow-delete'], '--allow-delete needs --allow-write'],
    [['--http', 'eighty'], '--http must be a port number'],
    [['--host', '0.0.0.0'], '--host and --allow-origin apply only with --http'],
    [['--api-key', 'x'], "Unknown option '--api-key'"],
  ])('refuses %j, naming the flag', async (args, message) => {
    const { code, stderr } = await run(args, { PARTNERO_API_KEY: 'k' });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('prints its help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--allow-write');
  });
});
