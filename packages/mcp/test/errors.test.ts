// API errors become isError results that say what went wrong and what to do, and the API
// key never appears in a result or a log line, even when everything fails.
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { SECRET } from '../src/tools/webhooks.js';
import { connect, connectStdio } from './support/harness.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

type Text = { type: string; text: string }[];

/** A session whose every API request carries `Sandbox-Fault: fault`, with no retries. */
function faulty(fault: string, extra: { timeout?: number } = {}, log?: (line: string) => void) {
  return connect(sandbox, {
    allowWrite: true,
    client: { maxRetries: 0, headers: { 'Sandbox-Fault': fault }, ...extra },
    ...(log ? { log } : {}),
  });
}

describe('API errors as tool results', () => {
  it('404: the status and the API message', async () => {
    const session = await connect(sandbox);
    const result = await session.client.callTool({
      name: 'get_customer',
      arguments: { key: 'nobody' },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: '404 NotFoundError: Customer not found. Check the key or email.' },
    ]);
    expect(result.structuredContent).toEqual({
      error: { status: 404, message: 'Customer not found' },
    });
    await session.close();
  });

  it('422: every rejected field with its reasons', async () => {
    const session = await connect(sandbox, { allowWrite: true });
    await session.api.seed([{ key: 'cus_1', partner: { key: 'partner_ada' } }]);
    const result = await session.client.callTool({
      name: 'create_customer',
      arguments: { key: 'cus_1', partner: { key: 'partner_ada' } },
    });
    expect(result.isError).toBe(true);
    const error = (
      result.structuredContent as { error: { status: number; errors: Record<string, string[]> } }
    ).error;
    expect(error.status).toBe(422);
    expect(error.errors.key?.[0]).toMatch(/taken/);
    expect((result.content as Text)[0]?.text).toMatch(
      /^422 ValidationError: .*key: .*taken.* Fix these fields/,
    );
    await session.close();
  });

  it('429: says to slow down, with the wait the API asked for', async () => {
    const session = await faulty('status=429;retry-after=3');
    const result = await session.client.callTool({ name: 'list_customers', arguments: {} });
    expect(result.isError).toBe(true);
    expect((result.content as Text)[0]?.text).toMatch(/^429 RateLimitError: .*Slow down/);
    expect(result.structuredContent).toMatchObject({ error: { status: 429, retry_after: 3 } });
    await session.close();
  });

  it('a timeout: says the API did not answer', async () => {
    const session = await faulty('latency=3000', { timeout: 200 });
    const result = await session.client.callTool({
      name: 'get_customer',
      arguments: { key: 'cus_1' },
    });
    expect(result.isError).toBe(true);
    expect((result.content as Text)[0]?.text).toMatch(
      /^APITimeoutError: .*did not answer; try again later/,
    );
    await session.close();
  });
});

describe('the API key stays out', () => {
  it('appears in no result and no log line of a run where every call fails', async () => {
    for (const fault of [
      'status=401',
      'status=403',
      'status=500',
      'status=429',
      'latency=2000',
      'reset',
    ]) {
      const lines: string[] = [];
      const session = await faulty(fault, { timeout: 150 }, (line) => lines.push(line));
      const results = [
        await session.client.callTool({ name: 'list_customers', arguments: {} }),
        await session.client.callTool({
          name: 'get_customer',
          arguments: { email: 'ada@example.com' },
        }),
        await session.client.callTool({
          name: 'create_customer',
          arguments: { key: 'k', partner: { key: 'p' } },
        }),
        await session.client.callTool({
          name: 'update_customer',
          arguments: { key: 'k', update: { name: 'n' } },
        }),
      ];
      for (const result of results) expect(result.isError, fault).toBe(true);
      expect(lines.length, fault).toBeGreaterThanOrEqual(results.length);
      const everything = JSON.stringify({ results, lines });
      expect(everything).not.toContain(session.apiKey);
      await session.close();
    }
  });

  it('appears nowhere in what the stdio command writes, results and stderr alike', async () => {
    const session = await connectStdio(sandbox, ['--allow-write']);
    const results = [
      await session.client.callTool({ name: 'get_customer', arguments: { key: 'nobody' } }),
      await session.client.callTool({
        name: 'create_customer',
        arguments: { key: 'k', partner: {} },
      }),
      await session.client.callTool({ name: 'suspend_customer', arguments: { key: 'nobody' } }),
    ];
    for (const result of results) expect(result.isError).toBe(true);
    await session.close();
    expect(session.stderr()).toContain('get_customer: 404');
    expect(JSON.stringify(results) + session.stderr()).not.toContain(session.apiKey);
  });
});

describe("a webhook's signing secret stays out", () => {
  it("is a field of the spec's webhook, and no webhook tool answers it", async () => {
    expect(Object.keys(loadSpec().schema('Webhook').properties as object)).toContain(SECRET);
    const session = await connect(sandbox, { allowWrite: true, allowDelete: true });
    const hook = {
      key: 'wh_1',
      name: 'Signups',
      url: 'https://example.com/hooks',
      events: ['customer.created'],
    };
    const results = [await session.client.callTool({ name: 'create_webhook', arguments: hook })];
    const stored = await session.api.call('GET', '/v1/webhooks/wh_1');
    const secret = (stored.body.data as Record<string, string>)[SECRET];
    expect(secret?.length).toBeGreaterThan(8);
    for (const name of ['list_webhooks', 'get_webhook', 'update_webhook', 'delete_webhook']) {
      results.push(
        await session.client.callTool({
          name,
          arguments: name === 'list_webhooks' ? {} : { key: 'wh_1' },
        }),
      );
    }
    for (const result of results)
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(JSON.stringify(results)).not.toContain(secret);
    expect(JSON.stringify(results)).not.toContain(`"${SECRET}"`);
    await session.close();
  });
});
