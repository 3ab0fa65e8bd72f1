// tools/list in each mode and on each protocol revision: which tools, their annotations, and
// schemas every client accepts; and the size of the widest list, which a client pays for in
// its context window on every conversation.
import { describe, expect, it } from 'vitest';
import { connect, REVISIONS } from './support/harness.js';
import { portabilityProblems } from './support/schemas.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

const READ = [
  'list_customers',
  'search_customers',
  'list_customer_transactions',
  'get_customer',
  'list_webhooks',
  'get_webhook',
];
const WRITE = [
  'create_customer',
  'update_customer',
  'suspend_customer',
  'approve_customer',
  'create_webhook',
  'update_webhook',
];
const DELETE = ['delete_customer', 'delete_webhook'];

const MODES = [
  { flags: {}, names: READ },
  { flags: { allowWrite: true }, names: [...READ, ...WRITE] },
  { flags: { allowWrite: true, allowDelete: true }, names: [...READ, ...WRITE, ...DELETE] },
  // --allow-delete alone lists no write tool: deleting needs both flags.
  { flags: { allowDelete: true }, names: READ },
];

async function listTools(flags: object, revision: (typeof REVISIONS)[number]) {
  const session = await connect(sandbox, { ...flags, revision });
  try {
    return (await session.client.listTools()).tools;
  } finally {
    await session.close();
  }
}

describe.each(REVISIONS)('tools/list on %s', (revision) => {
  it.each(MODES)('lists exactly the allowed tools with $flags', async ({ flags, names }) => {
    const tools = await listTools(flags, revision);
    expect(tools.map((t) => t.name).sort()).toEqual([...names].sort());
  });

  it('annotates every tool and gives it schemas clients accept', async () => {
    const tools = await listTools({ allowWrite: true, allowDelete: true }, revision);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z0-9_]{1,64}$/);
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(20);
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(portabilityProblems(tool.inputSchema), `${tool.name} input`).toEqual([]);
      expect(portabilityProblems(tool.outputSchema), `${tool.name} output`).toEqual([]);
      const reads = READ.includes(tool.name);
      expect(tool.annotations, tool.name).toEqual({
        readOnlyHint: reads,
        destructiveHint: /^(update|delete)_/.test(tool.name),
        idempotentHint: !tool.name.startsWith('create_'),
        openWorldHint: false,
      });
    }
  });
});

describe('what tools/list says', () => {
  it('says a deletion is permanent, and where each tool comes from in the spec', async () => {
    const tools = await listTools({ allowWrite: true, allowDelete: true }, '2025-11-25');
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.delete_customer?.description).toMatch(/permanent/);
    expect(byName.delete_webhook?.description).toMatch(/cannot be undone/);
    // The signing secret is never part of an answer.
    expect(JSON.stringify(byName.get_webhook?.outputSchema)).not.toContain('signature');
    expect(byName.delete_customer?.title).toBe('Delete a customer');
    expect(byName.get_customer?.description).toContain('GET /v1/customers:search');
    expect(byName.search_customers?.description).toMatch(/Partnero's own clients/);
    // "Give key or email" is two optional properties, and says so.
    const get = byName.get_customer?.inputSchema;
    expect(Object.keys(get?.properties ?? {})).toEqual(['key', 'email', 'fields']);
    expect(get?.required).toBeUndefined();
    expect(JSON.stringify(get)).toContain('Format: email');
    const listing = byName.list_customers?.inputSchema.properties ?? {};
    expect(listing.limit).toMatchObject({ default: 25, maximum: 250 });
  });

  it('stays under 16 kB of JSON in the widest mode', async () => {
    const tools = await listTools({ allowWrite: true, allowDelete: true }, '2026-07-28');
    const size = Buffer.byteLength(JSON.stringify({ tools }));
    console.log(
      `tools/list with --allow-write --allow-delete: ${tools.length} tools, ${size} bytes of JSON (limit 16000)`,
    );
    expect(size).toBeLessThan(16_000);
  });
});
