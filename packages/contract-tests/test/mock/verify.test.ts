// The drift report (`run verify`) against the real sandbox, where every item must hold, and
// against the sandbox behind a proxy that breaks one behaviour, where the report must name
// that operation. Also: it cleans up after itself, keeps its hands off customers it did not
// create, keeps to its rate, and the command's exit status and files are what users get.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Break, startBreakingProxy } from '../../src/breaking-proxy.js';
import { cleanEnvironment, packageRoot } from '../../src/child-vitest.js';
import { spec } from '../../src/spec.js';
import type { Report } from '../../src/verify/report.js';
import { runVerify, type VerifyOptions } from '../../src/verify/run.js';
import { NotOursError, Session } from '../../src/verify/session.js';

const API_KEY = 'verify-test-key-5f1c2a9e7d';
const PARTNER = { key: 'partner_verify', email: 'partner-verify@example.com' };
const STRANGER = 'customer-of-someone-else';

let sandbox: Sandbox;
const scratch = mkdtempSync(join(tmpdir(), 'contract-verify-'));

beforeAll(async () => {
  // A program with one partner for the run's customers, and one customer the run did not make.
  sandbox = await startSandbox({
    port: 0,
    memory: true,
    strict: true,
    seed: {
      apiKey: API_KEY,
      partners: [PARTNER],
      customers: [{ key: STRANGER, partner: { key: PARTNER.key }, email: 'stranger@example.com' }],
    },
  });
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const options = (baseUrl: string): VerifyOptions => ({
  baseUrl,
  apiKey: API_KEY,
  partnerKey: PARTNER.key,
  requestsPerSecond: 200,
});

/** Keys of the program's webhooks, straight from the sandbox. */
async function webhookKeys(): Promise<string[]> {
  const response = await fetch(`${sandbox.url}/v1/webhooks`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  const body = (await response.json()) as { data: { key: string }[] };
  return body.data.map((webhook) => webhook.key);
}

/** Keys of the program's customers, straight from the sandbox. */
async function customerKeys(): Promise<string[]> {
  const response = await fetch(`${sandbox.url}/v1/customers?limit=250`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  const body = (await response.json()) as { data: { key: string }[] };
  return body.data.map((customer) => customer.key);
}

const notHeld = (report: Report) =>
  report.items.filter((item) => !item.held).map(({ id, operation }) => ({ id, operation }));

async function verifyBehind(breaks: Break[]) {
  const proxy = await startBreakingProxy(sandbox.url, breaks);
  try {
    return await runVerify(options(proxy.url));
  } finally {
    await proxy.stop();
  }
}

describe('the drift report against the sandbox', () => {
  it('holds every item, covers every operation of the spec and leaves nothing behind', async () => {
    const { report, leftBehind } = await runVerify(options(sandbox.url));
    const failures = report.items.filter((item) => !item.held);
    expect(failures, JSON.stringify(failures, null, 2)).toEqual([]);
    const operationItems = report.items.filter((item) => item.id.startsWith('operation:'));
    expect(operationItems.map((item) => item.operation).sort()).toEqual(
      [...spec.operations.keys()].sort(),
    );
    // The behaviours the issue names, each an item.
    for (const id of [
      'search-matching',
      'search-no-match',
      'create-taken-key',
      'list-filter:partner.key',
      'list-filter:partner[key]',
      'list-filter:partner_key',
      'list-filter:partner.email',
      'list-filter:partner[email]',
      'list-filter:partner_email',
      'list-deleted-customers',
      'suspend-suspended',
      'get-email-in-path',
      'list-filter-body:partner.key',
      'list-filter-body:partner.email',
      'update-top-level',
      'seed-fetch-by-body',
    ]) {
      expect(report.items.map((item) => item.id)).toContain(id);
    }
    // Evidence comes from the spec: search is known from Partnero's own clients only.
    expect(report.items.find((item) => item.id === 'operation:searchCustomers')?.evidence).toBe(
      spec.operation('searchCustomers').extensions['x-evidence'],
    );
    for (const item of report.items) {
      expect(Object.keys(item).sort()).toEqual(['evidence', 'held', 'id', 'observed', 'operation']);
      expect(item.observed).not.toContain('\n');
    }
    expect(report.baseUrl).toBe(sandbox.url);
    expect(leftBehind).toEqual([]);
    expect(await customerKeys()).toEqual([STRANGER]);
    expect(await webhookKeys()).toEqual([]);
  });

  it('names createWebhook as not held when the webhook comes back without its secret, and still deletes it', async () => {
    const { report, leftBehind } = await verifyBehind(['webhook-without-secret']);
    expect(notHeld(report)).toEqual([
      { id: 'operation:createWebhook', operation: 'createWebhook' },
    ]);
    expect(report.items.find((item) => item.id === 'operation:createWebhook')?.observed).toMatch(
      /body breaks the spec: .*signature/,
    );
    expect(leftBehind).toEqual([]);
    expect(await webhookKeys()).toEqual([]);
  });

  it('names search as not held when search answers one customer', async () => {
    const { report, leftBehind } = await verifyBehind(['search-one-customer']);
    expect(notHeld(report)).toEqual([
      { id: 'operation:searchCustomers', operation: 'searchCustomers' },
      { id: 'search-matching', operation: 'searchCustomers' },
      { id: 'search-no-match', operation: 'searchCustomers' },
    ]);
    expect(report.items.find((item) => item.id === 'search-no-match')?.observed).toMatch(
      /→ 404 \(the spec says 200\)/,
    );
    expect(leftBehind).toEqual([]);
  });

  it.each([
    ['transactions-bare-array', ['operation:listCustomerTransactions']],
    // A refused GET body: both body filters and the original page's fetch.
    [
      'get-body-refused',
      ['list-filter-body:partner.key', 'list-filter-body:partner.email', 'seed-fetch-by-body'],
    ],
    ['top-level-update-ignored', ['update-top-level']],
    ['fetch-by-body-bare', ['seed-fetch-by-body']],
  ] as [Break, string[]][])('names only what %s breaks as not held', async (breakage, ids) => {
    const { report, leftBehind } = await verifyBehind([breakage]);
    expect(
      notHeld(report)
        .map(({ id }) => id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(leftBehind).toEqual([]);
  });

  it("says what the sandbox does with the forms Partnero's clients send", async () => {
    const { report } = await runVerify(options(sandbox.url));
    const observed = (id: string) => report.items.find((item) => item.id === id)?.observed;
    expect(observed('list-filter-body:partner.key')).toMatch(/with a JSON body → 200, honoured/);
    expect(observed('update-top-level')).toMatch(/→ 200, applied; Sandbox-Warning: name applied/);
    expect(observed('seed-fetch-by-body')).toMatch(/→ 200: that customer, as the page documented/);
    expect(report.items.find((item) => item.id === 'seed-fetch-by-body')?.evidence).toBe('seed');
  });

  it('names create as not held when a taken key answers 409', async () => {
    const { report, leftBehind } = await verifyBehind(['taken-key-409']);
    expect(notHeld(report)).toEqual([{ id: 'create-taken-key', operation: 'createCustomer' }]);
    expect(report.items.find((item) => item.id === 'create-taken-key')?.observed).toMatch(
      /→ 409 \(the spec says 422\)/,
    );
    expect(leftBehind).toEqual([]);
    expect(await customerKeys()).toEqual([STRANGER]);
  });

  it('still reports every customer item, as not run, when the first customer cannot be created', async () => {
    // The sandbox's program declares its partners, so an unknown one is refused with 400.
    const { report, leftBehind } = await runVerify({
      ...options(sandbox.url),
      partnerKey: 'no-such-partner',
    });
    const create = report.items.find((item) => item.id === 'operation:createCustomer');
    expect(create).toMatchObject({ held: false, observed: expect.stringMatching(/→ 400/) });
    const full = await runVerify(options(sandbox.url));
    expect(report.items.map((item) => item.id).sort()).toEqual(
      full.report.items.map((item) => item.id).sort(),
    );
    // Only the webhook items, which need no customer, still ran and held.
    expect(report.items.filter((item) => item.held).map((item) => item.operation)).toEqual([
      'createWebhook',
      'getWebhook',
      'listWebhooks',
      'updateWebhook',
      'deleteWebhook',
    ]);
    expect(leftBehind).toEqual([]);
  });

  it('deletes what it created when the run is interrupted half-way', async () => {
    const { report, leftBehind } = await runVerify({
      ...options(sandbox.url),
      onSession: (session) => {
        // Interrupt once the first customers exist: after the fifth request.
        const send = session.send.bind(session);
        let sent = 0;
        session.send = (...args) => {
          if (++sent === 6) session.interrupt();
          return send(...args);
        };
      },
    });
    const interrupted = report.items.filter((item) => /interrupted/.test(item.observed));
    expect(interrupted.length).toBeGreaterThan(0);
    expect(leftBehind).toEqual([]);
    expect(await customerKeys()).toEqual([STRANGER]);
  });
});

describe('the session', () => {
  it('refuses to change or delete a customer the run did not create', async () => {
    const session = new Session({ baseUrl: sandbox.url, apiKey: API_KEY, requestsPerSecond: 50 });
    await expect(session.send('deleteCustomer', { path: { key: STRANGER } })).rejects.toThrow(
      NotOursError,
    );
    await expect(
      session.send('updateCustomerByReference', { body: { key: STRANGER, update: { name: 'x' } } }),
    ).rejects.toThrow(/did not create that customer/);
    await expect(session.send('suspendCustomer', { path: { key: STRANGER } })).rejects.toThrow(
      NotOursError,
    );
    expect(await customerKeys()).toEqual([STRANGER]);
    await expect(session.send('deleteWebhook', { path: { key: 'wh_someone' } })).rejects.toThrow(
      /did not create that webhook/,
    );
  });

  it('starts at most `requestsPerSecond` requests a second', async () => {
    const session = new Session({ baseUrl: sandbox.url, apiKey: API_KEY, requestsPerSecond: 5 });
    const started = performance.now();
    for (let i = 0; i < 6; i++) await session.send('getCustomer', { path: { key: STRANGER } });
    // Six starts 200 ms apart: the last one at least a second after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/verify/cli.ts'], {
      cwd: packageRoot,
      env: cleanEnvironment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the verify command', () => {
  const cliEnv = (baseUrl: string, out: string) => ({
    PARTNERO_BASE_URL: baseUrl,
    PARTNERO_API_KEY: API_KEY,
    PARTNERO_PARTNER_KEY: PARTNER.key,
    PARTNERO_VERIFY_RATE: '200',
    PARTNERO_VERIFY_OUT: out,
  });

  it('exits 0 and writes both reports when every item held, without the API key', async () => {
    const out = join(scratch, 'held');
    const run = await runCli(cliEnv(sandbox.url, out));
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'contract-report.json'), 'utf8')) as Report;
    const markdown = readFileSync(join(out, 'contract-report.md'), 'utf8');
    expect(Object.keys(json).sort()).toEqual(['at', 'baseUrl', 'items']);
    expect(json.items.every((item) => item.held)).toBe(true);
    expect(markdown).toMatch(/Result: every item held/);
    expect(markdown).toContain('| held | `operation:searchCustomers` | `searchCustomers` |');
    for (const text of [run.stdout, run.stderr, markdown, JSON.stringify(json)]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it('exits 1 and names the operation when an item did not hold', async () => {
    const proxy = await startBreakingProxy(sandbox.url, ['taken-key-409']);
    try {
      const out = join(scratch, 'drift');
      const run = await runCli(cliEnv(proxy.url, out));
      expect(run.code, run.stderr).toBe(1);
      const markdown = readFileSync(join(out, 'contract-report.md'), 'utf8');
      expect(markdown).toMatch(/1 of \d+ items did not hold: `create-taken-key`/);
      expect(markdown).toContain('| **not held** | `create-taken-key` | `createCustomer` |');
    } finally {
      await proxy.stop();
    }
  });

  it('exits 2 naming the setting when one is missing or wrong', async () => {
    const env = cliEnv(sandbox.url, join(scratch, 'never'));
    const { PARTNERO_PARTNER_KEY: _, ...withoutPartner } = env;
    const missing = await runCli(withoutPartner);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/PARTNERO_PARTNER_KEY is not set/);
    const badRate = await runCli({ ...env, PARTNERO_VERIFY_RATE: 'fast' });
    expect(badRate.code).toBe(2);
    expect(badRate.stderr).toMatch(/PARTNERO_VERIFY_RATE must be a number/);
  });
});
