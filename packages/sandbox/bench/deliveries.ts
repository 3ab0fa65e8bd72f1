import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startSandboxProcess, stop } from './sandbox-process.js';
import { subscribeBenchWebhook } from './subscribe.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
/** The least events per second the sandbox must deliver (issue 21). */
const FLOOR = 2_000;
const API_KEY = 'bench_deliveries';

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

  let sandbox: Awaited<ReturnType<typeof startSandboxProcess>> | undefined;
  try {
    sandbox = await startSandboxProcess(dataDir, API_KEY, ['--hold-webhooks']);
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

    sandbox = await startSandboxProcess(dataDir, API_KEY);
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
