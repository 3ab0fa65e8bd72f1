// `partnero customers import` against a real sandbox on disk.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_RETRIES } from '../src/import/send.js';
import {
  cli,
  cliPath,
  customersCsv,
  type FaultDecision,
  newApiKey,
  requestLog,
  startCli,
  startFaultProxy,
  storedKeys,
  useHarness,
} from './support/harness.js';

const harness = useHarness();

const file = (name: string, text: string) => {
  const path = join(harness.dir, name);
  writeFileSync(path, text);
  return path;
};
const rejectsOf = (path: string) =>
  parse(readFileSync(`${path}.rejects.csv`), { columns: true }) as Record<string, string>[];
const isBad = (n: number) => n % 50 === 0;

/** Attempts of the import client per request. */
const attempts = IMPORT_MAX_RETRIES + 1;
// [failure, what the proxy does to every create, creates, lookups, the error line]
const sendLimits: [string, FaultDecision, number, number, string][] = [
  // The client repeats a 429 itself (a create the API has not acted on); nothing more.
  ['429', { answer: 429 }, attempts, 0, '429'],
  // A 500 or 503 may come after the API acted: before each resend the client looks the
  // key up, and the last lookup tells the error that nothing was created.
  ['500', { answer: 500 }, attempts, attempts, '500'],
  ['503', { answer: 503 }, attempts, attempts, '503'],
  // A connection reset leaves the outcome unknown in the same way.
  ['reset', { fault: 'reset' }, attempts, attempts, 'cannot reach'],
  // Statuses the client does not repeat for a create are not repeated at all.
  ['501', { answer: 501 }, 1, 0, '501'],
  ['408', { answer: 408 }, 1, 0, '408'],
];

describe('customers import', () => {
  it('imports every valid row, sets the invalid ones aside with the reason, and exits 2', async () => {
    const apiKey = newApiKey();
    const input = file('basic.csv', customersCsv(120, isBad));
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.stdout).toMatch(
      new RegExp(
        `^imported 118, already there 0, rejected 2 \\(see ${input}\\.rejects\\.csv\\), in [\\d.]+ s\\n$`,
      ),
    );
    expect(run.code).toBe(2);
    expect((await storedKeys(harness.sandbox.url, apiKey)).sort()).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 1)
        .filter((n) => !isBad(n))
        .map((n) => `cus_${n}`)
        .sort(),
    );
    const rejects = rejectsOf(input);
    expect(rejects.map((r) => r.key)).toEqual(['cus_50', 'cus_100']);
    expect(rejects[0]).toMatchObject({
      email: 'not-an-email-50',
      surname: 'Surname, 50',
      error: 'email: must match format "email"',
    });
    // Never sent: the sandbox saw no create for them.
    const log = await requestLog(harness.sandbox.url, apiKey);
    expect(log.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(118);
  });

  it('counts rows whose key exists with the same data as already there, and exits 0 on a rerun', async () => {
    const apiKey = newApiKey();
    const input = file('again.csv', customersCsv(30));
    const first = await cli(['customers', 'import', input], {
      baseUrl: harness.sandbox.url,
      apiKey,
    });
    expect(first.code).toBe(0);
    // A second import of the same rows with no journal: each one is found with the same data.
    const copy = file('again-copy.csv', readFileSync(input, 'utf8'));
    const second = await cli(['customers', 'import', copy], {
      baseUrl: harness.sandbox.url,
      apiKey,
    });
    expect(second.stdout).toMatch(/^imported 0, already there 30, rejected 0, in [\d.]+ s\n$/);
    expect(second.code).toBe(0);
    expect(existsSync(`${copy}.rejects.csv`)).toBe(false);
  });

  it('keeps the journal to one file and one program: another key or a changed file stops, --restart starts over', async () => {
    const apiKey = newApiKey();
    const input = file('owned.csv', customersCsv(10));
    const run = (key: string, ...flags: string[]) =>
      cli(['customers', 'import', input, ...flags], { baseUrl: harness.sandbox.url, apiKey: key });
    expect((await run(apiKey)).code).toBe(0);

    const otherKey = newApiKey();
    const other = await run(otherKey);
    expect([other.code, other.stderr]).toEqual([
      1,
      `partnero: ${input}.partnero-journal: it belongs to an import into another program or base URL; finish that import, or pass --restart to start over (rows already in the program count as already there)\n`,
    ]);
    expect(await storedKeys(harness.sandbox.url, otherKey)).toEqual([]);

    writeFileSync(input, customersCsv(11));
    const changed = await run(apiKey);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/: the input file changed since; .*--restart/);

    const restarted = await run(apiKey, '--restart');
    expect(restarted.stdout).toMatch(/^imported 1, already there 10, rejected 0, /);
    expect(restarted.code).toBe(0);
  });

  it('refuses a taken key whose stored data differs, naming the difference', async () => {
    const apiKey = newApiKey();
    const input = file('differs.csv', customersCsv(3));
    await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    const changed = file('differs-2.csv', customersCsv(3).replace('Name 2,', 'Someone Else,'));
    const run = await cli(['customers', 'import', changed], {
      baseUrl: harness.sandbox.url,
      apiKey,
    });
    expect(run.stdout).toMatch(/^imported 0, already there 2, rejected 1 /);
    expect(rejectsOf(changed)[0]?.error).toBe(
      'key: already taken by a customer with other data (name is "Name 2" there, "Someone Else" here)',
    );
  });

  it('sets aside a row the API refuses, with the API reason, and imports the rest', async () => {
    const apiKey = newApiKey();
    // With partners declared, the sandbox refuses a customer of an unknown partner (400).
    const seeded = await fetch(`${harness.sandbox.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partners: [{ key: 'partner_1' }] }),
    });
    expect(seeded.status).toBe(200);
    const input = file(
      'refused.csv',
      'key,partner.key\nr1,partner_1\nr2,partner_404\nr3,partner_1\n',
    );
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.stdout).toMatch(/^imported 2, already there 0, rejected 1 /);
    expect(run.code).toBe(2);
    expect(rejectsOf(input)).toEqual([
      { key: 'r2', 'partner.key': 'partner_404', error: expect.stringMatching(/^400 /) },
    ]);
  });

  it('--dry-run checks every row and sends nothing: the sandbox request log stays empty', async () => {
    const apiKey = newApiKey();
    const input = file('dry.csv', customersCsv(60, isBad));
    const run = await cli(['customers', 'import', input, '--dry-run'], {
      baseUrl: harness.sandbox.url,
      apiKey,
    });
    expect(run.stdout).toMatch(
      /^dry run: would import 59, rejected 1 \(see .*dry\.csv\.rejects\.csv\), in [\d.]+ s; nothing was sent\n$/,
    );
    expect(run.code).toBe(2);
    expect(await requestLog(harness.sandbox.url, apiKey)).toEqual([]);
    expect(existsSync(`${input}.partnero-journal`)).toBe(false);
  });

  it('stops at an unknown column before any request, naming it', async () => {
    const apiKey = newApiKey();
    const input = file('unknown.csv', 'key,partner.key,nickname\ncus_1,partner_1,Ada\n');
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^partnero: .*unknown\.csv: unknown column "nickname" in the header \(the columns are key, partner\.key, .*\); nothing was sent\n$/,
    );
    expect(await requestLog(harness.sandbox.url, apiKey)).toEqual([]);
  });

  it('names a missing file, a folder and a malformed CSV in one line, before any request', async () => {
    const apiKey = newApiKey();
    const broken = file('broken.csv', 'key,partner.key\nk1,p\nk2,"unclosed\n');
    for (const [input, message] of [
      [join(harness.dir, 'missing.csv'), 'no such file'],
      [harness.dir, 'is a folder, not a file'],
      [
        broken,
        'Quote Not Closed: the parsing is finished with an opening quote at line 3; nothing was sent',
      ],
    ] as const) {
      const run = await cli(['customers', 'import', input], {
        baseUrl: harness.sandbox.url,
        apiKey,
      });
      expect([run.code, run.stderr]).toEqual([1, `partnero: ${input}: ${message}\n`]);
    }
    expect(await requestLog(harness.sandbox.url, apiKey)).toEqual([]);
  });

  it('stops at an unknown field on any NDJSON line before any request', async () => {
    const apiKey = newApiKey();
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ key: `c${i}`, partner: { key: 'p' } }),
    );
    lines.push(JSON.stringify({ key: 'late', partner: { key: 'p', nickname: 'x' } }));
    const input = file('unknown.ndjson', `${lines.join('\n')}\n`);
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown column "partner\.nickname" on line 41/);
    expect(await requestLog(harness.sandbox.url, apiKey)).toEqual([]);
  });

  it('imports NDJSON create bodies, with rejects written as CSV rows', async () => {
    const apiKey = newApiKey();
    const lines = [
      { key: 'n1', partner: { email: 'ada@partners.example' }, tags: ['a', 'b'] },
      { key: 'n2', partner: {}, name: 'No partner' },
      { key: 'n3', partner: { key: 'p' }, options: { referral_url: 'https://example.com/?ref=p' } },
    ];
    const input = file('bodies.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.stdout).toMatch(/^imported 2, already there 0, rejected 1 /);
    expect(rejectsOf(input)).toEqual([
      expect.objectContaining({
        key: 'n2',
        name: 'No partner',
        error: 'partner: needs one of partner.key, partner.id, partner.email',
      }),
    ]);
  });

  it('sets aside a second row with the same key instead of racing it', async () => {
    const apiKey = newApiKey();
    const input = file('twice.csv', 'key,partner.key\nk1,p\nk2,p\nk1,q\n');
    const run = await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey });
    expect(run.stdout).toMatch(/^imported 2, already there 0, rejected 1 /);
    expect(rejectsOf(input)[0]).toMatchObject({
      key: 'k1',
      'partner.key': 'q',
      error: 'key: the same key as row 1 of this file',
    });
  });

  it('survives kill -9 in the middle: the rerun finishes with exact counts, nothing lost or created twice', async () => {
    const apiKey = newApiKey();
    const rows = 1500;
    const input = file('killed.csv', customersCsv(rows, isBad));
    // Some latency on every create keeps requests in flight when the kill comes.
    const proxy = await startFaultProxy(harness.sandbox.url, (method) =>
      method === 'POST' ? { fault: 'latency=5' } : undefined,
    );
    try {
      const child = startCli(['customers', 'import', input, '--concurrency', '8'], {
        PARTNERO_BASE_URL: proxy.url,
        PARTNERO_API_KEY: apiKey,
      });
      const journal = `${input}.partnero-journal`;
      await waitFor(() => existsSync(journal) && statSync(journal).size > 4_000);
      child.kill('SIGKILL');
      const killed = await child.result;
      expect(killed.signal).toBe('SIGKILL');
      const before = (await storedKeys(harness.sandbox.url, apiKey)).length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(rows - 30);

      const rerun = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
      expect(rerun.stdout).toMatch(
        /^imported 1470, already there 0, rejected 30 \(see .*killed\.csv\.rejects\.csv\), in [\d.]+ s\n$/,
      );
      expect(rerun.code).toBe(2);
      const keys = await storedKeys(harness.sandbox.url, apiKey);
      expect(keys.length).toBe(1470);
      expect(new Set(keys).size).toBe(1470);
      const rejects = rejectsOf(input);
      expect(rejects.map((r) => r.key)).toEqual(
        Array.from({ length: 30 }, (_, i) => `cus_${(i + 1) * 50}`),
      );

      // A third run has nothing left to send, and still lists every rejected row once.
      const third = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
      expect(third.stdout).toMatch(/^imported 1470, already there 0, rejected 30 /);
      expect(rejectsOf(input)).toHaveLength(30);
    } finally {
      await proxy.close();
    }
  });

  it('retries 429 and 5xx answers and lost answers without creating anything twice', async () => {
    const apiKey = newApiKey();
    const input = file('faults.csv', customersCsv(200));
    let creates = 0;
    const proxy = await startFaultProxy(harness.sandbox.url, (method, path) => {
      if (method !== 'POST' || path !== '/v1/customers') return undefined;
      creates++;
      if (creates % 10 === 1) return { fault: 'status=429;retry-after=0' };
      if (creates % 10 === 4) return { fault: 'status=500' };
      if (creates % 10 === 7) return { fault: 'reset' };
      // The sandbox creates the customer, then the answer is lost on the way back.
      if (creates % 10 === 9) return 'drop-answer';
      return undefined;
    });
    try {
      const run = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^imported 200, already there 0, rejected 0, in [\d.]+ s\n$/);
      expect(run.code).toBe(0);
      expect(creates).toBeGreaterThan(200 + 60);
      const keys = await storedKeys(harness.sandbox.url, apiKey);
      expect(keys.length).toBe(200);
      expect(new Set(keys).size).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  // One row per run, so what the server received is what one row sends.
  it.each(sendLimits)(
    'sends a row at most maxRetries + 1 creates after %s, plus the client lookups that settle it',
    async (failure, fault, creates, lookups, line) => {
      const apiKey = newApiKey();
      const input = file(`always-${failure}.csv`, customersCsv(1));
      const received = { creates: 0, lookups: 0, other: 0 };
      const proxy = await startFaultProxy(harness.sandbox.url, (method, path) => {
        if (method === 'POST' && path === '/v1/customers') {
          received.creates++;
          return fault;
        }
        if (method === 'GET' && path === '/v1/customers/cus_1') received.lookups++;
        else received.other++;
        return undefined;
      });
      try {
        const run = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
        expect([run.code, received], failure).toEqual([1, { creates, lookups, other: 0 }]);
        expect(run.stderr, failure).toMatch(new RegExp(`^partnero: ${line} .+\n$`));
        expect(run.stdout, failure).toMatch(/; 1 rows left\n$/);
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );

  it('refuses a row whose create got a 5xx while its key holds other data, naming the difference', async () => {
    const apiKey = newApiKey();
    const first = file('conflict-first.csv', customersCsv(1));
    await cli(['customers', 'import', first], { baseUrl: harness.sandbox.url, apiKey });
    const input = file('conflict.csv', customersCsv(1).replace('Name 1', 'Other 1'));
    const proxy = await startFaultProxy(harness.sandbox.url, (method) =>
      method === 'POST' ? { answer: 500 } : undefined,
    );
    try {
      const run = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^imported 0, already there 0, rejected 1 /);
      expect(run.code).toBe(2);
      expect(rejectsOf(input).map((row) => row.error)).toEqual([
        'key: already taken by a customer with other data (name is "Name 1" there, "Other 1" here)',
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('ends with exit 1 and one line when the API keeps failing, and resumes later', async () => {
    const apiKey = newApiKey();
    const input = file('down.csv', customersCsv(20));
    let down = true;
    const proxy = await startFaultProxy(harness.sandbox.url, (method) =>
      down && method === 'POST' ? { fault: 'status=500' } : undefined,
    );
    try {
      const run = await cli(['customers', 'import', input, '--concurrency', '2'], {
        baseUrl: proxy.url,
        apiKey,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^partnero: 500 .+\n$/);
      expect(run.stdout).toMatch(
        /^imported 0, already there 0, rejected 0, in [\d.]+ s; 20 rows left\n$/,
      );
      down = false;
      const resumed = await cli(['customers', 'import', input], { baseUrl: proxy.url, apiKey });
      expect(resumed.stdout).toMatch(/^imported 20, already there 0, rejected 0, /);
      expect(resumed.code).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('shows progress on a terminal and none when stderr is piped', async () => {
    const apiKey = newApiKey();
    const input = file('progress.csv', customersCsv(400));
    const proxy = await startFaultProxy(harness.sandbox.url, (method) =>
      method === 'POST' ? { fault: 'latency=20' } : undefined,
    );
    try {
      // `script` runs the command under a pseudo-terminal and copies what it shows.
      const command = [process.execPath, cliPath, 'customers', 'import', input]
        .map((a) => `'${a}'`)
        .join(' ');
      // Spawned, not run synchronously: the sandbox answering it lives in this process.
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        env: { ...process.env, PARTNERO_BASE_URL: proxy.url, PARTNERO_API_KEY: apiKey },
        // With an open stdin, script would wait for it after the command ends.
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let screen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk;
      });
      await new Promise((resolve) => child.on('close', resolve));
      expect(screen).toMatch(/\d+\/400 rows \| \d+ rows\/s \| .+ left/);
      expect(screen).toContain('\u001b[');
      expect(screen).toMatch(/imported 400, already there 0, rejected 0, in [\d.]+ s/);

      const piped = await cli(
        [
          'customers',
          'import',
          file(
            'piped.csv',
            customersCsv(100, () => false, 'pip'),
          ),
        ],
        {
          baseUrl: proxy.url,
          apiKey,
        },
      );
      expect(piped.stderr).toBe('');
      expect(piped.stdout).toMatch(/^imported 100, already there 0, rejected 0, in [\d.]+ s\n$/);
      expect(piped.stdout).not.toContain('\u001b');
    } finally {
      await proxy.close();
    }
  });

  it('prints the summary as JSON with --json', async () => {
    const apiKey = newApiKey();
    const input = file(
      'json.csv',
      customersCsv(5, (n) => n === 5),
    );
    const run = await cli(['--json', 'customers', 'import', input], {
      baseUrl: harness.sandbox.url,
      apiKey,
    });
    expect(JSON.parse(run.stdout)).toMatchObject({
      imported: 4,
      alreadyThere: 0,
      rejected: 1,
      rejects: `${input}.rejects.csv`,
      dryRun: false,
      remaining: 0,
    });
    expect(run.code).toBe(2);
  });
});

async function waitFor(condition: () => boolean, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
