// Heap while `for await` walks 100 000 customers served in pages of 250 by a local server:
// the iterator holds one page at a time, so the heap after the walk (and at every sample
// on the way) stays near the heap before it. Run with `node --expose-gc --import tsx`.
import { Partnero } from '../src/index.js';
import { customer, startJsonServer } from './server.js';

const TOTAL = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const LIMIT = 250;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const { url: baseUrl, close } = await startJsonServer((url) => {
  const query = new URL(url, 'http://x').searchParams;
  const limit = Number(query.get('limit'));
  const page = Number(query.get('page') ?? 1);
  const from = (page - 1) * limit;
  const data = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - from)) }, (_, i) =>
    customer(`cus_${from + i + 1}`),
  );
  const next = from + data.length < TOTAL ? `${baseUrl}/v1/customers?page=${page + 1}` : null;
  return JSON.stringify({
    data,
    links: { first: `${baseUrl}/v1/customers?page=1`, last: null, prev: null, next },
    meta: {
      current_page: page,
      from: from + 1,
      path: `${baseUrl}/v1/customers`,
      per_page: limit,
      to: from + data.length,
    },
    status: 1,
  });
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const partnero = new Partnero({ apiKey: 'bench_key', baseUrl });
// Warm up the code paths and the connection so that the first sample is not the outlier.
await partnero.customers.list({ limit: LIMIT });
const before = heap();
let count = 0;
let peak = before;
const started = performance.now();
for await (const item of partnero.customers.list({ limit: LIMIT })) {
  if (!item.key) throw new Error('customer without key');
  count++;
  if (count % (LIMIT * 40) === 0) peak = Math.max(peak, heap());
}
const seconds = (performance.now() - started) / 1000;
const after = heap();
await close();

if (count !== TOTAL) throw new Error(`expected ${TOTAL} customers, got ${count}`);
console.log(`for await over ${count} customers, pages of ${LIMIT}, in ${seconds.toFixed(1)} s`);
console.log(`heap before:           ${mb(before)}`);
console.log(`heap peak (sampled):   ${mb(peak)}`);
console.log(`heap after:            ${mb(after)}`);
console.log(`growth after the walk: ${mb(after - before)}`);
