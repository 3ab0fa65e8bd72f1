// Deletes ask the user first where the client can ask, and a refusal changes nothing;
// --dry-run answers the requests a write would send and sends none (the sandbox's request
// log proves it).
import { describe, expect, it } from 'vitest';
import { connect, REVISIONS } from './support/harness.js';
import { expectMatchesSchema } from './support/schemas.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const deletes = { allowWrite: true, allowDelete: true } as const;
const ada = { key: 'cus_1', email: 'ada@example.com', partner: { key: 'partner_ada' } };

describe.each(REVISIONS)('confirming a deletion on %s', (revision) => {
  it('asks naming the key and the email, and deletes once the user accepts', async () => {
    const session = await connect(sandbox, {
      ...deletes,
      revision,
      elicit: () => ({ action: 'accept', content: { confirm: true } }),
    });
    await session.api.seed([ada]);
    const result = await session.client.callTool({
      name: 'delete_customer',
      arguments: { email: 'ada@example.com' },
    });
    expect(result.isError).toBeFalsy();
    expect(session.asked).toEqual([
      'Delete customer cus_1 (ada@example.com) permanently? This cannot be undone.',
    ]);
    expect(result.structuredContent).toMatchObject({
      deleted: { key: 'cus_1', email: 'ada@example.com' },
    });
    expect((await session.api.call('GET', '/v1/customers/cus_1')).status).toBe(404);
    await session.close();
  });

  it.each([
    { action: 'decline' as const },
    { action: 'cancel' as const },
    { action: 'accept' as const, content: { confirm: false } },
  ])('changes nothing when the user answers $action $content', async (answer) => {
    const session = await connect(sandbox, { ...deletes, revision, elicit: () => answer });
    await session.api.seed([ada]);
    const result = await session.client.callTool({
      name: 'delete_customer',
      arguments: { key: 'cus_1' },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ declined: true });
    expect((result.content as { text: string }[])[0]?.text).toMatch(/^Not deleted/);
    expect((await session.api.call('GET', '/v1/customers/cus_1')).status).toBe(200);
    expect((await session.api.requests()).map((r) => r.method)).not.toContain('DELETE');
    await session.close();
  });
});

describe('confirming the deletion of a webhook', () => {
  it('names its key and URL, and a refusal keeps it', async () => {
    const session = await connect(sandbox, { ...deletes, elicit: () => ({ action: 'decline' }) });
    await session.api.call('POST', '/v1/webhooks', {
      key: 'wh_1',
      name: 'Signups',
      url: 'https://example.com/hooks',
      events: ['customer.created'],
    });
    const result = await session.client.callTool({
      name: 'delete_webhook',
      arguments: { key: 'wh_1' },
    });
    expect(session.asked).toEqual([
      'Delete webhook wh_1 (https://example.com/hooks)? No further events will be sent to it.',
    ]);
    expect(result.structuredContent).toEqual({ declined: true });
    expect((await session.api.call('GET', '/v1/webhooks/wh_1')).status).toBe(200);
    await session.close();
  });
});

describe('a client that cannot ask its user', () => {
  it('is told in the description that deleting is permanent, and the delete goes ahead', async () => {
    const session = await connect(sandbox, deletes);
    await session.api.seed([ada]);
    const { tools } = await session.client.listTools();
    expect(tools.find((t) => t.name === 'delete_customer')?.description).toContain(
      'The deletion is permanent: it cannot be undone.',
    );
    const result = await session.client.callTool({
      name: 'delete_customer',
      arguments: { key: 'cus_1' },
    });
    expect(result.structuredContent).toMatchObject({ deleted: { key: 'cus_1' } });
    expect((await session.api.call('GET', '/v1/customers/cus_1')).status).toBe(404);
    await session.close();
  });
});

describe('--dry-run', () => {
  it('answers the request each write tool would send, and sends nothing', async () => {
    const session = await connect(sandbox, { ...deletes, dryRun: true });
    const { tools } = await session.client.listTools();
    const calls = [
      [
        'create_customer',
        { key: 'cus_9', partner: { key: 'partner_ada' }, name: 'Ada' },
        'POST',
        '/v1/customers',
      ],
      [
        'update_customer',
        { email: 'ada@example.com', update: { name: 'A' } },
        'PUT',
        '/v1/customers',
      ],
      ['update_customer', { key: 'cus_1', update: { name: 'A' } }, 'PUT', '/v1/customers/cus_1'],
      ['delete_customer', { key: 'cus_1' }, 'DELETE', '/v1/customers/cus_1'],
      ['suspend_customer', { key: 'cus_1' }, 'POST', '/v1/customers/cus_1/suspend'],
      ['approve_customer', { key: 'cus_1' }, 'POST', '/v1/customers/cus_1/approve'],
      [
        'create_webhook',
        { name: 'n', url: 'https://example.com', events: ['customer.created'] },
        'POST',
        '/v1/webhooks',
      ],
      ['update_webhook', { key: 'wh_1', is_active: false }, 'PUT', '/v1/webhooks/wh_1'],
      ['delete_webhook', { key: 'wh_1' }, 'DELETE', '/v1/webhooks/wh_1'],
    ] as const;
    for (const [name, args, method, path] of calls) {
      const result = await session.client.callTool({ name, arguments: args });
      expect(result.isError, name).toBeFalsy();
      expectMatchesSchema(
        result.structuredContent,
        tools.find((t) => t.name === name)?.outputSchema,
      );
      const [request] = (
        result.structuredContent as { dry_run: { method: string; url: string; body?: unknown }[] }
      ).dry_run;
      expect(request, name).toMatchObject({ method, url: `${sandbox.url}${path}` });
      expect((result.content as { text: string }[])[0]?.text).toMatch(/nothing was sent/);
    }
    const created = (
      await session.client.callTool({ name: 'create_customer', arguments: calls[0][1] })
    ).structuredContent as { dry_run: { body: unknown }[] };
    expect(created.dry_run[0]?.body).toEqual(calls[0][1]);
    expect(await session.api.requests()).toEqual([]);
    await session.close();
  });
});
