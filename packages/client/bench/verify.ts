// Time of one `verifyWebhook` check of a typical customer event (about 600 bytes), next to
// the same check done with node:crypto (createHmac + timingSafeEqual + JSON.parse), which
// is what a Node-only receiver would write by hand. Target: under 50 µs per verification.
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

const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 2000), warmup: true });
bench
  .add('verifyWebhook (Web Crypto)', async () => {
    const event = await verifyWebhook({ body, signature, secret });
    if (event.event !== 'customer.updated') throw new Error('wrong event');
  })
  .add('node:crypto by hand', () => {
    const expected = createHmac('sha256', secret).update(body).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new Error('mismatch');
    if (JSON.parse(body).event !== 'customer.updated') throw new Error('wrong event');
  });
await bench.run();

const medianUs = (name: string) => {
  const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
  const median = result?.latency?.p50;
  if (median === undefined) throw new Error(`${name}: no result`);
  return median * 1000;
};
const ours = medianUs('verifyWebhook (Web Crypto)');
const byHand = medianUs('node:crypto by hand');
console.log(`body: ${body.length} bytes`);
console.log(`verifyWebhook (Web Crypto):  ${ours.toFixed(1)} µs per verification (median)`);
console.log(`node:crypto by hand:         ${byHand.toFixed(1)} µs (median)`);
console.log(`ratio verifyWebhook / by hand: ${(ours / byHand).toFixed(2)}×`);
console.log(`target: < ${TARGET_US} µs: ${ours < TARGET_US ? 'met' : 'NOT met'}`);
if (ours >= TARGET_US) process.exitCode = 1;
