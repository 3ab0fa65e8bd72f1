// Benchmark: the sandbox (embedded storage, on disk, its own process) against the Prism mock,
// side by side in one run. Prints req/s, p50 and p99 for create and retrieve, the ratios,
// each server's start-up time, and the sandbox's memory after 100 000 customers listed
// page by page through the client, then one verdict line; it exits 1 when a floor is missed.
// Run with `pnpm bench`; BENCH_SECONDS shortens it.
// Both servers are warmed up first (their JIT compilers settle within a second or two), and
// each server's BENCH_SECONDS are split into rounds that alternate between the two, so drift
// on a shared machine hits both alike; the figures are the medians of the rounds.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Partnero } from '@partnero-kit/client';
import { freePort, startPrism } from '@partnero-kit/testing';
import autocannon from 'autocannon';
import { type FloorCheck, verdict } from './verdict.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 5;
const WARM_UP_SECONDS = 2;
const CONNECTIONS = 50;
const BULK = 100_000;
const BATCH = 5_000;
const API_KEY = 'bench_key';
/** The least sandbox/Prism ratio of req/s each operation must keep (issue 13). */
const FLOORS = { create: 3, retrieve: 6 } as const;
const P99_FLOOR_MS = 15;
const STARTUP_FLOOR_MS = 500;
const RSS_FLOOR_MB = 150;
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(
  url: string,
  request: Parameters<typeof autocannon>[0]['requests'],
  seconds: number,
): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    requests: request,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

let counter = 0;
const create = [
  {
    method: 'POST',
    path: '/v1/customers',
    setupRequest: (request: object) => ({
      ...request,
      body: JSON.stringify({ key: `bench_${counter++}`, partner: { key: 'partner_ada' } }),
    }),
  },
];
const retrieve = (key: string) => [{ method: 'GET', path: `/v1/customers/${key}` }];

async function startSandboxProcess(dataDir: string) {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [cli, '--port', String(port), '--data', dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/v1/customers`, { headers: { authorization: `Bearer ${API_KEY}` } });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return { child, url, startup: performance.now() - started };
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Each figure's median over the rounds; failures are summed. */
function medianOf(rounds: Figures[]): Figures {
  return {
    rps: median(rounds.map((f) => f.rps)),
    p50: median(rounds.map((f) => f.p50)),
    p99: median(rounds.map((f) => f.p99)),
    failures: rounds.reduce((sum, f) => sum + f.failures, 0),
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);

async function main() {
  const checks: FloorCheck[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'partnero-sandbox-bench-'));
  const benchStarted = performance.now();
  const sandbox = await startSandboxProcess(dataDir);
  const prismStarted = performance.now();
  const prism = await startPrism();
  const prismStartup = performance.now() - prismStarted;
  try {
    const seeded = await fetch(`${sandbox.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'cus_1001', partner: { key: 'partner_ada' } }),
    });
    if (seeded.status !== 200)
      throw new Error(`could not create the retrieve target: ${seeded.status}`);

    console.log(
      `${CONNECTIONS} connections; per server and operation: ${WARM_UP_SECONDS} s of warm-up, then ${ROUNDS} alternating rounds of ${SECONDS / ROUNDS} s (medians shown)\n`,
    );
    const rows: [keyof typeof FLOORS, Figures, Figures][] = [];
    for (const [name, requests] of [
      ['create', create],
      ['retrieve', retrieve('cus_1001')],
    ] as const) {
      await load(sandbox.url, requests, WARM_UP_SECONDS);
      await load(prism.url, requests, WARM_UP_SECONDS);
      const ours: Figures[] = [];
      const theirs: Figures[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Who goes first alternates, so that neither always follows the other's load.
        if (round % 2) theirs.push(await load(prism.url, requests, SECONDS / ROUNDS));
        ours.push(await load(sandbox.url, requests, SECONDS / ROUNDS));
        if (!(round % 2)) theirs.push(await load(prism.url, requests, SECONDS / ROUNDS));
      }
      rows.push([name, medianOf(ours), medianOf(theirs)]);
    }
    console.log('operation  server     req/s    p50 ms    p99 ms  failures');
    for (const [name, ours, theirs] of rows) {
      for (const [server, f] of [
        ['sandbox', ours],
        ['prism', theirs],
      ] as const) {
        console.log(
          `${name.padEnd(10)} ${server.padEnd(7)}${fmt(f.rps)}${fmt(f.p50, 1)}${fmt(f.p99, 1)}${fmt(f.failures)}`,
        );
      }
    }
    console.log('');
    for (const [name, ours, theirs] of rows) {
      const ratio = ours.rps / theirs.rps;
      console.log(
        `${name}: sandbox/prism = ${ratio.toFixed(1)}x req/s (floor ${FLOORS[name]}x), sandbox p99 ${ours.p99} ms (floor < ${P99_FLOOR_MS} ms)`,
      );
      checks.push(
        {
          figure: `${name} ${ratio.toFixed(1)}x Prism (floor ${FLOORS[name]}x)`,
          met: ratio >= FLOORS[name],
        },
        {
          figure: `${name} p99 ${ours.p99} ms (floor < ${P99_FLOOR_MS} ms)`,
          met: ours.p99 < P99_FLOOR_MS,
        },
      );
    }
    console.log(
      `start-up to first answer: sandbox ${sandbox.startup.toFixed(0)} ms (floor < ${STARTUP_FLOOR_MS} ms), prism ${prismStartup.toFixed(0)} ms`,
    );
    checks.push({
      figure: `start-up ${sandbox.startup.toFixed(0)} ms (floor < ${STARTUP_FLOOR_MS} ms)`,
      met: sandbox.startup < STARTUP_FLOOR_MS,
    });

    // 100 000 customers in one program, inserted through the seed route in batches.
    const bulkKey = 'bench_bulk';
    const seedStarted = performance.now();
    for (let start = 0; start < BULK; start += BATCH) {
      const customers = Array.from({ length: BATCH }, (_, i) => ({
        key: `bulk_${start + i}`,
        partner: { key: 'partner_ada' },
        email: `bulk_${start + i}@example.com`,
      }));
      const answer = await fetch(`${sandbox.url}/__sandbox/seed`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bulkKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customers }),
      });
      if (answer.status !== 200)
        throw new Error(`seed failed: ${answer.status} ${await answer.text()}`);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const partnero = new Partnero({ apiKey: bulkKey, baseUrl: sandbox.url, maxRetries: 0 });
    const listStarted = performance.now();
    const seen = new Set<string>();
    for await (const customer of partnero.customers.list({ limit: 250 })) seen.add(customer.key);
    const listSeconds = (performance.now() - listStarted) / 1000;
    const memory = rssMb(sandbox.child.pid ?? 0);
    if (seen.size !== BULK)
      throw new Error(`listed ${seen.size} distinct customers, expected ${BULK}`);
    console.log(
      `\n${BULK} customers: seeded in ${seedSeconds.toFixed(1)} s, listed through the client (250 per page) in ${listSeconds.toFixed(1)} s, all ${seen.size} found`,
    );
    console.log(
      `sandbox memory after listing: RSS ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB (floor: RSS < ${RSS_FLOOR_MB} MB)`,
    );
    checks.push({
      figure: `RSS ${memory.rss.toFixed(0)} MB after listing (floor < ${RSS_FLOOR_MB} MB)`,
      met: memory.rss < RSS_FLOOR_MB,
    });
    console.log(`\nwhole benchmark: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
    const { line, exitCode } = verdict(checks);
    console.log(line);
    process.exitCode = exitCode;
  } finally {
    await prism.stop();
    await stop(sandbox.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
