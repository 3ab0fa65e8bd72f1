// The one-customer commands against a real sandbox: tables, JSON, one-line errors, exit
// codes, and an API key that never shows up anywhere.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cli,
  customersCsv,
  newApiKey,
  type Run,
  unusedUrl,
  useHarness,
} from './support/harness.js';

const harness = useHarness();

const as =
  (apiKey: string) =>
  (...args: string[]) =>
    cli(args, { baseUrl: harness.sandbox.url, apiKey });

describe('commands for one customer', () => {
  it('create, get, list, update, suspend, approve and delete, as tables and as JSON', async () => {
    const partnero = as(newApiKey());
    const created = await partnero(
      'customers',
      'create',
      '--key',
      'c1',
      '--partner-key',
      'ada',
      '--email',
      'c1@example.com',
      '--name',
      'Ada',
      '--tag',
      'vip',
      '--tag',
      'trial',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^key\s+c1\s*$/m);
    expect(created.stdout).toMatch(/^tags\s+vip;trial\s*$/m);

    const json = JSON.parse((await partnero('--json', 'customers', 'get', 'c1')).stdout);
    expect(json).toMatchObject({
      key: 'c1',
      partner: 'ada',
      name: 'Ada',
      tags: [{ value: 'vip' }, { value: 'trial' }],
    });

    await partnero('customers', 'create', '--key', 'c2', '--partner-email', 'bob@partners.example');
    const table = (await partnero('customers', 'list')).stdout.split('\n');
    expect(table[0]).toMatch(
      /^KEY\s+EMAIL\s+NAME\s+SURNAME\s+PARTNER\s+STATUS\s+TAGS\s+CREATED_AT/,
    );
    expect(table[1]).toMatch(/^c2\s/);
    expect(table[2]).toMatch(/^c1\s+c1@example\.com\s+Ada\s+ada\s+active\s+vip;trial/);
    const ndjson = (
      await partnero('--json', 'customers', 'list', '--all', '--partner-key', 'ada')
    ).stdout
      .trim()
      .split('\n');
    expect(ndjson.map((line) => JSON.parse(line).key)).toEqual(['c1']);

    const updated = await partnero(
      '--json',
      'customers',
      'update',
      'c1',
      '--surname',
      'Lovelace',
      '--no-tag',
    );
    expect(JSON.parse(updated.stdout)).toMatchObject({
      name: 'Ada',
      surname: 'Lovelace',
      tags: [],
    });
    expect((await partnero('customers', 'suspend', 'c1')).stdout).toBe('suspended c1\n');
    expect(JSON.parse((await partnero('--json', 'customers', 'get', 'c1')).stdout).status).toBe(
      'suspended',
    );
    expect((await partnero('--json', 'customers', 'approve', 'c1')).stdout).toBe(
      '{"key":"c1","approved":true}\n',
    );
    expect((await partnero('customers', 'delete', 'c1', '--yes')).stdout).toBe('deleted c1\n');
    expect((await partnero('customers', 'get', 'c1')).code).toBe(1);
  });

  it('finds customers by email: get --email, and search --email over every page of matches', async () => {
    const partnero = as(newApiKey());
    await partnero(
      'customers',
      'create',
      '--key',
      'ada',
      '--partner-key',
      'p',
      '--email',
      'ada@example.com',
    );
    await partnero(
      'customers',
      'create',
      '--key',
      'bob',
      '--partner-key',
      'p',
      '--email',
      'bob@example.com',
    );
    const found = await partnero('--json', 'customers', 'get', '--email', 'ada@example.com');
    expect(JSON.parse(found.stdout)).toMatchObject({ key: 'ada', email: 'ada@example.com' });
    const table = await partnero('customers', 'search', '--email', 'ada@example.com');
    expect(table.stdout).toMatch(/^KEY\s+EMAIL/);
    expect(table.stdout.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ada\s+ada@example\.com\s/),
    ]);
    const ndjson = await partnero('--json', 'customers', 'search', '--email', 'bob@example.com');
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).key),
    ).toEqual(['bob']);
    const none = await partnero('customers', 'search', '--email', 'nobody@example.com');
    expect([none.code, none.stdout, none.stderr]).toEqual([0, '', 'no customer matches\n']);
    const missing = await partnero('customers', 'get', '--email', 'nobody@example.com');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^partnero: 404 [^\n]+\n$/);
  });

  it('lists one page and says how to get the next, or every page with --all', async () => {
    const apiKey = newApiKey();
    const input = join(harness.dir, 'pages.csv');
    writeFileSync(input, customersCsv(30));
    await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    const partnero = as(apiKey);
    const page = await partnero('--json', 'customers', 'list', '--limit', '20');
    expect(page.stdout.trim().split('\n')).toHaveLength(20);
    const table = await partnero('customers', 'list', '--limit', '20');
    expect(table.stderr).toBe('more on page 2: pass --page 2, or --all\n');
    const all = await partnero('--json', 'customers', 'list', '--all');
    expect(all.stdout.trim().split('\n')).toHaveLength(30);
  });

  it("lists a customer's transactions: a table, NDJSON, every page, and 404 for an unknown customer", async () => {
    const apiKey = newApiKey();
    const partnero = as(apiKey);
    await partnero('customers', 'create', '--key', 'buyer', '--partner-key', 'ada');
    const seeded = await fetch(`${harness.sandbox.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        transactions: [1, 2, 3].map((n) => ({ customer: 'buyer', key: `tx_${n}`, amount: n })),
      }),
    });
    expect(seeded.status).toBe(200);
    const table = await partnero('customers', 'transactions', 'buyer', '--limit', '2');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KEY\s+ACTION\s+AMOUNT\s+AMOUNT_UNITS\s+CREATED_AT/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['tx_3', 'tx_2']);
    expect(table.stderr).toBe('more on page 2: pass --page 2, or --all\n');
    const all = await partnero('--json', 'customers', 'transactions', 'buyer', '--all');
    const keys = all.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { key: string }).key);
    expect(keys).toEqual(['tx_3', 'tx_2', 'tx_1']);
    const none = await partnero('customers', 'transactions', 'nobody');
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/404/);
  });

  it('answers errors with one line and exit code 1', async () => {
    const partnero = as(newApiKey());
    await partnero('customers', 'create', '--key', 'c1', '--partner-key', 'ada');
    const taken = await partnero('customers', 'create', '--key', 'c1', '--partner-key', 'ada');
    expect([taken.code, taken.stderr]).toEqual([
      1,
      'partnero: 422 key: The key has already been taken.\n',
    ]);
    const invalid = await partnero('customers', 'create', '--key', 'c9', '--email', 'nope');
    expect([invalid.code, invalid.stderr]).toEqual([
      1,
      'partnero: partner: is required; email: must match format "email"\n',
    ]);
    const missing = await partnero('customers', 'get', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^partnero: 404 [^\n]+\n$/);
    const nothing = await partnero('customers', 'update', 'c1');
    expect(nothing.stderr).toMatch(
      /^partnero: nothing to change: pass at least one of --new-key, --email/,
    );
    const unconfirmed = await partnero('customers', 'delete', 'c1');
    expect(unconfirmed.stderr).toBe(
      'partnero: not a terminal, so nothing can be confirmed: pass --yes to delete\n',
    );
    const limit = await partnero('customers', 'list', '--limit', '999');
    expect(limit.code).toBe(1);
    expect(limit.stderr).toMatch(/--limit must be a whole number from 1 to 250/);
    const noPartner = await partnero(
      'customers',
      'create',
      '--key',
      'c9',
      '--partner-email',
      'not-an-email',
    );
    expect(noPartner.stderr).toBe('partnero: partner.email: must match format "email"\n');
    const nowhere = await unusedUrl();
    for (const args of [
      ['customers', 'list', '--all'],
      ['customers', 'search', '--email', 'a@example.com'],
    ]) {
      const unreachable = await cli(args, { baseUrl: nowhere, apiKey: 'k' });
      expect([unreachable.code, unreachable.stderr], args.join(' ')).toEqual([
        1,
        `partnero: cannot reach ${nowhere} (ECONNREFUSED) after retries\n`,
      ]);
    }
    const noKey = await cli(['customers', 'get', 'c1'], {
      baseUrl: harness.sandbox.url,
      apiKey: '',
    });
    expect(noKey.stderr).toBe(
      'partnero: missing API key: pass --api-key or set PARTNERO_API_KEY\n',
    );
  });

  it('names the field of a bad update flag, and the host the client really called', async () => {
    const partnero = as(newApiKey());
    // Checked against the schema of the body's `update` object, so the field is the flag's.
    const badChange = await partnero('customers', 'update', 'c1', '--email', 'nope', '--tag', 'x');
    expect([badChange.code, badChange.stderr]).toEqual([
      1,
      'partnero: email: must match format "email"\n',
    ]);
    // The client drops the trailing slash; the error names the URL it used, from the flag
    // as from the environment.
    const nowhere = await unusedUrl();
    const byFlag = await cli(['--base-url', `${nowhere}/`, 'customers', 'get', 'c1'], {
      baseUrl: '',
      apiKey: 'k',
    });
    const byEnvironment = await cli(['customers', 'get', 'c1'], {
      baseUrl: `${nowhere}/`,
      apiKey: 'k',
    });
    for (const run of [byFlag, byEnvironment]) {
      expect([run.code, run.stderr]).toEqual([
        1,
        `partnero: cannot reach ${nowhere} (ECONNREFUSED) after retries\n`,
      ]);
    }
  });

  it('has --help with an example on every command', async () => {
    const partnero = as(newApiKey());
    // The commands as the group's own help lists them, so a new one cannot be missed.
    const group = await partnero('customers', '--help');
    const commands = [...group.stdout.matchAll(/^ {2}([a-z]+) /gm)]
      .map((match) => match[1] ?? '')
      .filter((name) => name !== 'help');
    expect(commands).toEqual(
      expect.arrayContaining([
        'list',
        'get',
        'search',
        'transactions',
        'create',
        'update',
        'delete',
      ]),
    );
    expect(commands).toHaveLength(11);
    for (const command of [[], ['customers'], ...commands.map((name) => ['customers', name])]) {
      const help = await partnero(...command, '--help');
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples?:\n\s+\$ (\S+=\S+ )?partnero /);
    }
  });

  it('never prints the API key, whatever happens, nor writes it to the journal or rejects', async () => {
    const apiKey = `${newApiKey()}_SECRET`;
    const runs: Run[] = [];
    const partnero = (...args: string[]) =>
      cli(args, { baseUrl: harness.sandbox.url, apiKey }).then((run) => runs.push(run));
    const input = join(harness.dir, 'secret.csv');
    writeFileSync(
      input,
      customersCsv(10, (n) => n === 3),
    );
    await partnero('customers', 'import', input);
    await partnero('customers', 'create', '--key', 'cus_1', '--partner-key', 'p');
    await partnero('customers', 'get', 'nobody');
    await partnero('--json', 'customers', 'list', '--all');
    await partnero('customers', 'export');
    await partnero('customers', 'frobnicate');
    runs.push(
      await cli(['--api-key', apiKey, 'customers', 'get', '--bogus'], {
        baseUrl: harness.sandbox.url,
        apiKey: '',
      }),
    );
    const nowhere = await unusedUrl();
    runs.push(await cli(['customers', 'list'], { baseUrl: nowhere, apiKey }));
    runs.push(
      await cli(['customers', 'list'], { baseUrl: nowhere.replace('//', `//${apiKey}@`), apiKey }),
    );
    expect(runs.length).toBe(9);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(apiKey);
    }
    // The key inside the base URL was there to be printed, and was redacted.
    expect(runs.at(-1)?.stderr).toMatch(/^partnero: .*\[redacted\].*\n$/);
    for (const name of readdirSync(harness.dir).filter((f) => f.startsWith('secret.csv.'))) {
      expect(readFileSync(join(harness.dir, name), 'utf8')).not.toContain(apiKey);
    }
  });
});
