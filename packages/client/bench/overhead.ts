// Cost of one `customers.retrieve()` next to a bare `fetch` doing the same call (same URL,
// headers, `await res.json()`), and bare openapi-fetch beside them, against a keep-alive
// server on 127.0.0.1. Each has the same timeout, given the way its user would give it: the
// client's `timeout` option, and an `AbortSignal.timeout()` for fetch and openapi-fetch. Tasks run in many short rounds with rotating order; each round gives
// every task's median and its ratio to raw fetch in that round, and the figures printed are
// the medians over the rounds, so drift on a shared machine hits all three alike.
import type { paths } from '@partnero-kit/types';
import createClient from 'openapi-fetch';
import { Bench } from 'tinybench';
import { Partnero } from '../src/index.js';
import { customer, startJsonServer } from './server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const PER_ROUND = Number(process.env.BENCH_ITERATIONS ?? 40);
const API_KEY = 'bench_key';
const TIMEOUT_MS = 60_000;

const body = JSON.stringify({ data: customer('cus_1001'), status: 1 });
const { url: baseUrl, close } = await startJsonServer(() => body);
const url = `${baseUrl}/v1/customers/cus_1001`;
const headers = { Accept: 'application/json', Authorization: `Bearer ${API_KEY}` };

const partnero = new Partnero({ apiKey: API_KEY, baseUrl, timeout: TIMEOUT_MS });
const openapiFetch = createClient<paths>({ baseUrl, headers });

const tasks: Record<string, () => Promise<unknown>> = {
  'raw fetch': async () => {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const json = (await res.json()) as { data: { key: string } };
    if (json.data.key !== 'cus_1001') throw new Error('wrong answer');
  },
  'client retrieve': async () => {
    const found = await partnero.customers.retrieve('cus_1001');
    if (found.key !== 'cus_1001') throw new Error('wrong answer');
  },
  'openapi-fetch GET': async () => {
    const { data } = await openapiFetch.GET('/v1/customers/{key}', {
      params: { path: { key: 'cus_1001' } },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (data?.data.key !== 'cus_1001') throw new Error('wrong answer');
  },
};

const names = Object.keys(tasks);
// Warm up the code paths and the keep-alive connections before measuring.
for (let i = 0; i < 300; i++)
  for (const name of names) await (tasks[name] as () => Promise<unknown>)();
const medians: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  // A round is a few dozen calls per task, so the tasks interleave closely.
  const bench = new Bench({ time: 0, iterations: PER_ROUND, warmupTime: 0, warmupIterations: 4 });
  const order = names.map((_, i) => names[(i + round) % names.length] as string);
  for (const name of order) bench.add(name, tasks[name] as () => Promise<unknown>);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { p50: number } };
    if (!result.latency) throw new Error(`${task.name} failed: ${JSON.stringify(task.result)}`);
    medians[task.name]?.push(result.latency.p50);
  }
}
await close();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
// Ratios are taken per round, where the tasks ran side by side, then their median.
const ratio = (name: string, base: string) =>
  median(
    (medians[name] as number[]).map(
      (value, round) => value / ((medians[base] as number[])[round] as number),
    ),
  );
console.log(
  `retrieve overhead: ${ROUNDS} rounds of ${PER_ROUND} calls per task, medians over rounds`,
);
console.table(
  names.map((name) => ({
    task: name,
    'median µs': Math.round(median(medians[name] as number[]) * 1000),
    'vs raw fetch': `${ratio(name, 'raw fetch').toFixed(3)}×`,
    'vs openapi-fetch': `${ratio(name, 'openapi-fetch GET').toFixed(3)}×`,
  })),
);
console.log(
  `client / openapi-fetch = ${ratio('client retrieve', 'openapi-fetch GET').toFixed(3)} (target ≤ 1.10)`,
);
console.log(`client / raw fetch = ${ratio('client retrieve', 'raw fetch').toFixed(3)}`);
