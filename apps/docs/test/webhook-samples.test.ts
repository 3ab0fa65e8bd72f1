// The webhook handler samples are real handlers: each one gets every event example of the
// spec, signed the way Partnero signs (hex HMAC-SHA256 of the raw body), and must accept it;
// the same body with one byte changed, or no signature, must get a 400. Express runs as its
// own process on a free port; the Next.js and Hono handlers are called with web Requests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { freePort } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import honoApp from '../samples/webhooks/hono.js';
import { POST } from '../samples/webhooks/next-route.js';
import { webhookSamplePath } from '../scripts/lib/code-samples.js';
import { packageDir, samplesDir } from '../scripts/lib/paths.js';
import { tsxBin } from './helpers.js';

const SECRET = 'whsec_docs_samples';
const PATH = '/partnero/webhooks';

/** One delivery per event example of the spec, as Partnero would send it. */
const deliveries = [...loadSpec().webhooks.values()].flatMap((webhook) =>
  webhook.payload.examples.map((example) => {
    const body = JSON.stringify(example);
    return {
      name: webhook.name,
      body,
      signature: createHmac('sha256', SECRET).update(body).digest('hex'),
      key: (example as { data: { key: string } }).data.key,
    };
  }),
);

type Answer = { status: number; text: string };
type Send = (body: string, headers: Record<string, string>) => Promise<Answer>;
const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  text: await response.text(),
});
const post = (body: string, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

// What the in-process samples print, caught from console.log.
const logged: string[] = [];
let express: ChildProcess | undefined;
let expressUrl = '';
let expressOutput = '';

beforeAll(async () => {
  const port = await freePort();
  expressUrl = `http://127.0.0.1:${port}${PATH}`;
  express = spawn(tsxBin, [webhookSamplePath(samplesDir, 'express.ts')], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, PORT: String(port), PARTNERO_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  express.stdout?.on('data', (chunk: Buffer) => {
    expressOutput += chunk;
  });
  // Ready when it answers: a GET has no route, so Express answers 404.
  for (let tries = 0; ; tries++) {
    const answered = await fetch(expressUrl).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (tries > 200 || express.exitCode !== null)
      throw new Error('the Express sample did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(() => {
  express?.kill();
});

const handlers: [string, Send, () => string][] = [
  [
    'Express',
    async (body, headers) => answerOf(await fetch(expressUrl, post(body, headers))),
    () => expressOutput,
  ],
  [
    'Next.js',
    async (body, headers) => {
      vi.stubEnv('PARTNERO_WEBHOOK_SECRET', SECRET);
      try {
        return answerOf(await POST(new Request(`http://localhost${PATH}`, post(body, headers))));
      } finally {
        vi.unstubAllEnvs();
      }
    },
    () => logged.join('\n'),
  ],
  [
    'Hono',
    async (body, headers) =>
      answerOf(
        await honoApp.request(PATH, post(body, headers), { PARTNERO_WEBHOOK_SECRET: SECRET }),
      ),
    () => logged.join('\n'),
  ],
];

describe.each(handlers)('the %s webhook sample', (_name, send, output) => {
  beforeAll(() => {
    logged.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args.join(' '));
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('has an event example of every event to deliver', () => {
    expect(new Set(deliveries.map((d) => d.name))).toEqual(new Set(loadSpec().webhooks.keys()));
  });

  it.each(deliveries.map((d) => [d.name, d]))('accepts a signed %s', async (_event, delivery) => {
    const answer = await send(delivery.body, { signature: delivery.signature });
    expect(answer).toEqual({ status: 204, text: '' });
    await vi.waitFor(() => expect(output()).toContain(delivery.key));
  });

  it('refuses a body with one byte changed, and one without a signature, with 400', async () => {
    const [delivery] = deliveries;
    if (!delivery) throw new Error('no event example in the spec');
    const changed = delivery.body.replace(delivery.key, `${delivery.key}x`);
    const tampered = await send(changed, { signature: delivery.signature });
    expect(tampered.status).toBe(400);
    expect(tampered.text).toMatch(/does not match/);
    const unsigned = await send(delivery.body, {});
    expect(unsigned.status).toBe(400);
    expect(unsigned.text).toMatch(/no `Signature` header/);
  });
});
