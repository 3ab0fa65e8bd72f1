// Time of one `verifyWebhook` check of a typical customer event (about 400 bytes). Beside
// it, in the same run: the same check written by hand with node:crypto (createHmac +
// timingSafeEqual + JSON.parse), what a Node-only receiver would do, and with Web Crypto's
// `crypto.subtle.verify` (key imported once), the portable alternative verifyWebhook does
// not take because of its cost on Node. Target: under 50 µs per verification.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Bench } from 'tinybench';
import { verifyWebhook } from '../src/index.js';
import { customer } from './server.js';

const TARGET_US = 50;
const secret = 'whsec_bench_0f3c9a';
const body = JSON.stringify({
  event: 'customer.updated',
  url: 'https://shop.example.com/partnero/hooks',
  webhook_key: 'wh_bench',
  created_at: '2026-12-04T03:00:00.000000Z',
  data: customer('cus_1001'),
});
const signature = createHmac('sha256', secret).update(body).digest('hex');
const encoder = new TextEncoder();
const webCryptoKey = await crypto.subtle.importKey(
  'raw',
  encoder.encode(secret),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
);

const OURS = 'verifyWebhook';
const BY_HAND = 'node:crypto by hand';
const WEB_CRYPTO = 'Web Crypto subtle.verify';
const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 2000), warmup: true });
bench
  .add(OURS, async () => {
    const event = await verifyWebhook({ body, signature, secret });
    if (event.event !== 'customer.updated') throw new Error('wrong event');
  })
  .add(BY_HAND, () => {
    const expected = createHmac('sha256', secret).update(body).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new Error('mismatch');
    if (JSON.parse(body).event !== 'customer.updated') throw new Error('wrong event');
  })
  .add(WEB_CRYPTO, async () => {
    const sent = Uint8Array.from(Buffer.from(signature, 'hex'));
    if (!(await crypto.subtle.verify('HMAC', webCryptoKey, sent, encoder.encode(body)))) {
      throw new Error('mismatch');
    }
    if (JSON.parse(body).event !== 'customer.updated') throw new Error('wrong event');
  });
await bench.run();

const medianUs = (name: string) => {
  const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
  const median = result?.latency?.p50;
  if (median === undefined) throw new Error(`${name}: no result`);
  return median * 1000;
};
const ours = medianUs(OURS);
console.log(`body: ${body.length} bytes; median µs per verification, same run:`);
for (const name of [OURS, BY_HAND, WEB_CRYPTO]) {
  const us = medianUs(name);
  console.log(
    `  ${name.padEnd(26)} ${us.toFixed(1).padStart(6)} µs  (${(us / ours).toFixed(2)}× verifyWebhook)`,
  );
}
console.log(`target: verifyWebhook < ${TARGET_US} µs: ${ours < TARGET_US ? 'met' : 'NOT met'}`);
if (ours >= TARGET_US) process.exitCode = 1;
