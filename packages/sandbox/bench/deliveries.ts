// Benchmark: how fast the sandbox delivers webhook events to a local receiver. A first
// sandbox process (its own data folder, `--hold-webhooks`) takes EVENTS creates of a program
// with a subscribed webhook, so the outbox holds EVENTS deliveries; a second process on the
// same data then sends them all. Prints events per second from the first event received to
// the last (and counting the second process's start-up), each signature checked. Run with `pnpm bench:deliveries`.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@partnero-kit/testing';
import autocannon from 'autocannon';
import { subscribeBenchWebhook } from './subscribe.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
/** The least events per second the sandbox must deliver (issue 21). */
const FLOOR = 2_000;
const API_KEY = 'bench_deliveries';
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

async function startSandbox(dataDir: string, extra: string[]) {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [cli, '--port', String(port), '--data', dataDir, ...extra],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/v1/webhooks`, { headers: { authorization: `Bearer ${API_KEY}` } });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return { child, url, started };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'partnero-sandbox-deliveries-'));
  let secret = '';
  let received = 0;
  let forged = 0;
  let firstAt = 0;
  let lastAt = 0;
  let allIn: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allIn = resolve;
  });
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const expected = createHmac('sha256', secret).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(String(req.headers.signature ?? ''), 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) forged += 1;
      received += 1;
      lastAt = performance.now();
      if (received === 1) firstAt = lastAt;
      res.writeHead(204).end();
      if (received === EVENTS) allIn();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;

  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  try {
    sandbox = await startSandbox(dataDir, ['--hold-webhooks']);
    secret = await subscribeBenchWebhook(sandbox.url, API_KEY, port);
    let counter = 0;
    const filled = await autocannon({
      url: sandbox.url,
      connections: 50,
      amount: EVENTS,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: '/v1/customers',
          setupRequest: (request: object) => ({
            ...request,
            body: JSON.stringify({ key: `event_${counter++}`, partner: { key: 'p' } }),
          }),
        },
      ],
    });
    const failures = filled.non2xx + filled.errors + filled.timeouts;
    if (failures > 0) throw new Error(`${failures} creates failed while filling the outbox`);
    await stop(sandbox.child);
    if (received > 0) throw new Error('the holding sandbox delivered events');

    sandbox = await startSandbox(dataDir, []);
    const timeout = setTimeout(() => allIn(), 120_000);
    await done;
    clearTimeout(timeout);
    const sending = (lastAt - firstAt) / 1000;
    const overall = (lastAt - sandbox.started) / 1000;
    console.log(`${EVENTS} events in the outbox, one webhook, a local receiver answering 204`);
    console.log(
      `delivered ${received} (${forged} with a bad signature): ${(received / sending).toFixed(0)} events/s from the first event to the last (floor ${FLOOR}), ${(received / overall).toFixed(0)} events/s counting the sender's start-up (${((firstAt - sandbox.started) / 1000).toFixed(2)} s to the first event)`,
    );
    if (received !== EVENTS || forged > 0) process.exitCode = 1;
  } finally {
    if (sandbox) await stop(sandbox.child);
    receiver.closeAllConnections();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
