// Three figures, measured side by side in one run against a real sandbox on 127.0.0.1:
//   1. a tool call over the in-memory transport (get_customer) against the same call made
//      directly with the client (customers.retrieve); target ≤ 2×;
//   2. start-up of the built command to the first answered tools/list over stdio; target < 1 s;
//   3. the size of tools/list in the widest mode; target < 16 000 bytes of JSON.
// The sandbox runs in its own process, as the API is outside the MCP server's process for a
// real user. Calls run in short rounds with rotating order; the ratio is taken per round and the
// median over rounds is printed, so drift on a shared machine hits both alike.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { Partnero } from '@partnero-kit/client';
import type { Sandbox } from '@partnero-kit/sandbox';
import { Bench } from 'tinybench';
import { connect, connectStdio, programApi, REVISIONS } from '../test/support/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const PER_ROUND = Number(process.env.BENCH_ITERATIONS ?? 30);
const STARTS = Number(process.env.BENCH_STARTS ?? 7);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** `partnero-sandbox --port 0 --memory` as a child, once it says where it listens. */
async function startSandboxProcess() {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@partnero-kit/sandbox/package.json')),
    'bin/partnero-sandbox.js',
  );
  const child = spawn(process.execPath, [bin, '--port', '0', '--memory'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1].replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)));
  });
  return { url, close: async () => void child.kill() } as unknown as Sandbox;
}

const sandbox = await startSandboxProcess();
const session = await connect(sandbox, { allowWrite: true, allowDelete: true });
await session.api.seed([
  { key: 'cus_1001', email: 'ada@example.com', partner: { key: 'partner_ada' } },
]);
const direct = new Partnero({ apiKey: session.apiKey, baseUrl: sandbox.url });

const tasks: Record<string, () => Promise<unknown>> = {
  'client customers.retrieve': async () => {
    const found = await direct.customers.retrieve('cus_1001');
    if (found.key !== 'cus_1001') throw new Error('wrong answer');
  },
  'MCP get_customer (in memory)': async () => {
    const result = await session.client.callTool({
      name: 'get_customer',
      arguments: { key: 'cus_1001' },
    });
    if ((result.structuredContent as { customer: { key: string } }).customer.key !== 'cus_1001')
      throw new Error('wrong answer');
  },
};
const names = Object.keys(tasks);
for (let i = 0; i < 200; i++)
  for (const name of names) await (tasks[name] as () => Promise<unknown>)();
const medians: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 0, iterations: PER_ROUND, warmupTime: 0, warmupIterations: 2 });
  for (const name of names.map((_, i) => names[(i + round) % names.length] as string))
    bench.add(name, tasks[name] as () => Promise<unknown>);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { p50: number } };
    if (!result.latency) throw new Error(`${task.name} failed: ${JSON.stringify(task.result)}`);
    medians[task.name]?.push(result.latency.p50);
  }
}
const [base, mcp] = names as [string, string];
const ratio = median(
  (medians[mcp] as number[]).map((value, i) => value / ((medians[base] as number[])[i] as number)),
);
console.log(
  `tool call overhead: ${ROUNDS} rounds of ${PER_ROUND} calls per task, medians over rounds`,
);
console.table(
  names.map((name) => ({
    task: name,
    'median µs': Math.round(median(medians[name] as number[]) * 1000),
  })),
);
console.log(`MCP tool call / direct client call = ${ratio.toFixed(2)}× (target ≤ 2×)`);

const { tools } = await session.client.listTools();
console.log(
  `tools/list, widest mode: ${tools.length} tools, ${Buffer.byteLength(JSON.stringify({ tools }))} bytes of JSON (target < 16000)`,
);
await session.close();

// Each start is a fresh process: its first answer pays for loading the modules and, on
// 2026-07-28, for the SDK building that revision's schemas on its first request.
for (const revision of REVISIONS) {
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const child = await connectStdio(sandbox, [], revision);
    await child.client.listTools();
    starts.push(performance.now() - started);
    await child.close();
  }
  console.log(
    `stdio start-up to the first answered tools/list (${revision}): median ${median(starts).toFixed(0)} ms of ${STARTS} (${starts.map((s) => s.toFixed(0)).join(', ')}) (target < 1000)`,
  );
}
console.log(
  `load average while measuring: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} on ${cpus().length} CPUs`,
);
await programApi(sandbox, session.apiKey).requests();
await sandbox.close();
