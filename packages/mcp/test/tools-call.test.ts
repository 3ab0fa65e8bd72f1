// Each tool once against the sandbox, on each protocol revision, its structuredContent
// checked against the output schema it listed; then paging, `fields` and cut answers.
import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { RESULT_LIMIT } from '../src/index.js';
import { connect, REVISIONS } from './support/harness.js';
import { expectMatchesSchema } from './support/schemas.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const everything = { allowWrite: true, allowDelete: true } as const;

type Session = Awaited<ReturnType<typeof connect>>;

/** Calls a tool and checks its result against the tool's listed output schema. */
async function call(session: Session, tools: Tool[], name: string, args: Record<string, unknown>) {
  const result = await session.client.callTool({ name, arguments: args });
  const tool = tools.find((t) => t.name === name);
  expect(result.structuredContent, `${name} gave no structuredContent`).toBeDefined();
  expect((result.content as { type: string; text: string }[])[0]?.text.length).toBeGreaterThan(0);
  if (!result.isError) expectMatchesSchema(result.structuredContent, tool?.outputSchema);
  // biome-ignore lint/suspicious/noExplicitAny: checked against its schema above, then read freely
  return result as typeof result & { structuredContent: Record<string, any> };
}

describe.each(REVISIONS)('every tool on %s', (revision) => {
  it('runs against the sandbox and answers what its output schema says', async () => {
    const session = await connect(sandbox, { ...everything, revision });
    const { tools } = await session.client.listTools();
    await session.api.seed([]);
    const used = new Set<string>();
    const run = async (name: string, args: Record<string, unknown>) => {
      used.add(name);
      const result = await call(session, tools, name, args);
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent;
    };

    const created = await run('create_customer', {
      key: 'cus_1',
      partner: { key: 'partner_ada' },
      email: 'ada@example.com',
      name: 'Ada',
      tags: ['trial'],
    });
    expect(created.customer).toMatchObject({
      key: 'cus_1',
      email: 'ada@example.com',
      partner: 'partner_ada',
    });
    expect((await run('get_customer', { key: 'cus_1' })).customer.name).toBe('Ada');
    expect((await run('get_customer', { email: 'ada@example.com' })).customer.key).toBe('cus_1');
    expect((await run('list_customers', {})).customers.map((c: { key: string }) => c.key)).toEqual([
      'cus_1',
    ]);
    expect((await run('search_customers', { email: 'ada@example.com' })).customers).toHaveLength(1);
    const seeded = await session.api.call('POST', '/__sandbox/seed', {
      transactions: [{ customer: 'cus_1', key: 'tx_1', amount: 99.99 }],
    });
    expect(seeded.status).toBe(200);
    const transactions = await run('list_customer_transactions', { key: 'cus_1' });
    expect(transactions).toMatchObject({ page: 1, next_page: null });
    expect(transactions.transactions.map((t: { key: string }) => t.key)).toEqual(['tx_1']);
    const updated = await run('update_customer', {
      email: 'ada@example.com',
      update: { name: 'Augusta' },
    });
    expect(updated.customer.name).toBe('Augusta');
    expect(updated.before.name).toBe('Ada');
    expect(await run('suspend_customer', { key: 'cus_1' })).toEqual({ key: 'cus_1', done: true });
    expect((await run('get_customer', { key: 'cus_1' })).customer.status).toBe('suspended');
    expect(await run('approve_customer', { key: 'cus_1' })).toEqual({ key: 'cus_1', done: true });
    const deleted = await run('delete_customer', { key: 'cus_1' });
    expect(deleted.deleted).toMatchObject({
      key: 'cus_1',
      name: 'Augusta',
      email: 'ada@example.com',
    });
    expect((await run('list_customers', {})).customers).toEqual([]);

    const hook = {
      name: 'Signups',
      url: 'https://example.com/hooks',
      events: ['customer.created'],
    };
    const { webhook } = await run('create_webhook', { key: 'wh_1', ...hook });
    expect(webhook).toEqual({ key: 'wh_1', is_active: true, ...hook });
    expect((await run('list_webhooks', {})).webhooks).toEqual([webhook]);
    expect((await run('get_webhook', { key: 'wh_1' })).webhook).toEqual(webhook);
    const paused = await run('update_webhook', { key: 'wh_1', is_active: false });
    expect([paused.webhook.is_active, paused.before.is_active]).toEqual([false, true]);
    expect((await run('delete_webhook', { key: 'wh_1' })).deleted).toMatchObject({ key: 'wh_1' });
    expect((await run('list_webhooks', {})).webhooks).toEqual([]);

    expect([...used].sort()).toEqual(tools.map((t) => t.name).sort());
    await session.close();
  });
});

describe('answers that fit', () => {
  it('returns one page of 25 by default, with next_page, and only the fields asked for', async () => {
    const session = await connect(sandbox);
    const { tools } = await session.client.listTools();
    await session.api.seed(
      Array.from({ length: 30 }, (_, i) => ({
        key: `cus_${String(i).padStart(2, '0')}`,
        partner: { key: 'partner_ada' },
      })),
    );
    const first = await call(session, tools, 'list_customers', { fields: ['key', 'status'] });
    expect(first.structuredContent.customers).toHaveLength(25);
    expect(first.structuredContent.next_page).toBe(2);
    expect(Object.keys(first.structuredContent.customers[0]).sort()).toEqual(['key', 'status']);
    expect(first.content).toEqual([
      { type: 'text', text: '25 customers on page 1; more on page 2.' },
    ]);
    const second = await call(session, tools, 'list_customers', { page: 2, fields: ['key'] });
    expect(second.structuredContent.customers).toHaveLength(5);
    expect(second.structuredContent.next_page).toBeNull();
    await session.close();
  });

  it('refuses a limit above 250 and a field the customer does not have, naming them', async () => {
    const session = await connect(sandbox);
    const tooMany = await session.client.callTool({
      name: 'list_customers',
      arguments: { limit: 251 },
    });
    expect(tooMany.isError).toBe(true);
    expect(JSON.stringify(tooMany.content)).toMatch(/limit/);
    const unknown = await session.client.callTool({
      name: 'list_customers',
      arguments: { fields: ['surename'] },
    });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toMatch(/fields/);
    await session.close();
  });

  it('cuts an answer above the limit and says how to ask for less', async () => {
    const session = await connect(sandbox);
    const { tools } = await session.client.listTools();
    const long = 'x'.repeat(200);
    await session.api.seed(
      Array.from({ length: 120 }, (_, i) => ({
        key: `cus_${i}`,
        name: long,
        surname: long,
        partner: { key: 'partner_ada' },
      })),
    );
    const result = await call(session, tools, 'list_customers', { limit: 120 });
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(RESULT_LIMIT);
    const kept = result.structuredContent.customers.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(120);
    expect(result.structuredContent.truncated).toContain(`${kept} of the 120 customers`);
    expect(result.structuredContent.truncated).toMatch(/smaller `limit`.*`fields`/);
    // Asked for less, the whole page fits.
    const narrow = await call(session, tools, 'list_customers', { limit: 120, fields: ['key'] });
    expect(narrow.structuredContent.customers).toHaveLength(120);
    expect(narrow.structuredContent.truncated).toBeUndefined();
    await session.close();
  });

  it('asks for key or email when given neither or both, and sends nothing', async () => {
    const session = await connect(sandbox);
    const neither = await session.client.callTool({ name: 'get_customer', arguments: {} });
    expect(neither.isError).toBe(true);
    expect(neither.content).toEqual([
      { type: 'text', text: 'Give `key` or `email` to name the customer: neither was given.' },
    ]);
    const both = await session.client.callTool({
      name: 'get_customer',
      arguments: { key: 'a', email: 'a@example.com' },
    });
    expect(both.isError).toBe(true);
    expect(JSON.stringify(both.content)).toContain('not both');
    expect(await session.api.requests()).toEqual([]);
    await session.close();
  });
});
