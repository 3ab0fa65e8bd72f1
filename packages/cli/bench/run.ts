// The CLI's benchmark (a script that prints figures, not a timed test):
//   1. import 100 000 rows into the sandbox on disk: the CLI (default --concurrency 8, then
//      32) against a plain sequential loop over the client, in the same run; the CLI's peak RSS
//   2. export the same 100 000: rows/s and peak RSS
//   3. a resumed import through `npx partnero`: 100 000 rows with 1 000 bad ones, kill -9 in
//      the middle, rerun, and check the counts, the stored customers and the rejects exactly.
// BENCH_ROWS changes the row count. Floors: import >= 5x the loop (default concurrency),
// import RSS < 200 MB, export RSS < 150 MB, the resumed import exact. The last line is one
// verdict, and the exit code is 1 when a floor is missed.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PAGE_SIZE, Partnero } from '@partnero-kit/client';
import { parse } from 'csv-parse/sync';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const sandboxCli = join(
  dirname(createRequire(import.meta.url).resolve('@partnero-kit/sandbox/package.json')),
  'dist/cli.js',
);
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `pnpm run build` first');

const work = mkdtempSync(join(tmpdir(), 'partnero-cli-bench-'));
const results: [string, string][] = [];
const report = (name: string, value: string) => {
  results.push([name, value]);
  console.log(`${name}: ${value}`);
};

/** Each floor with what was measured, for the verdict line. */
const floors: { met: boolean; text: string }[] = [];
const floor = (met: boolean, text: string) => floors.push({ met, text });
const MIN_IMPORT_RATIO = 5;
const MAX_IMPORT_RSS_MB = 200;
const MAX_EXPORT_RSS_MB = 150;

interface Customer {
  key: string;
  email: string;
  name: string;
  surname: string;
  partner: { key: string };
  tags: string[];
}
const customer = (n: number, prefix: string): Customer => ({
  key: `${prefix}_${n}`,
  email: `${prefix}.${n}@example.com`,
  name: `Name ${n}`,
  surname: `Surname ${n}`,
  partner: { key: `partner_${n % 50}` },
  tags: ['trial', 'newsletter'],
});

function writeCsv(path: string, prefix: string, bad: (n: number) => boolean = () => false): void {
  const lines = ['key,email,name,surname,partner.key,tags'];
  for (let n = 1; n <= ROWS; n++) {
    const c = customer(n, prefix);
    lines.push(
      `${c.key},${bad(n) ? 'not-an-email' : c.email},${c.name},${c.surname},${c.partner.key},${c.tags.join(';')}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [sandboxCli, '--port', '0', '--data', join(work, 'sandbox')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match?.[1]) return { url: match[1], child };
  }
  throw new Error(`the sandbox did not start: ${output}`);
}

/** Peak RSS (VmHWM) of a running process, read from /proc; 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peak: number;
}

/** Runs a command, sampling its peak RSS until it ends; `onTick` may kill it. */
async function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; onTick?: (child: ChildProcess) => void } = {},
): Promise<Run> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so kill -9 reaches the CLI under npx too.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRss(child.pid as number));
    options.onTick?.(child);
  }, 20);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(timer);
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000, peak };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds);

async function main() {
  const sandbox = await startSandbox();
  const env = (apiKey: string) => ({ PARTNERO_BASE_URL: sandbox.url, PARTNERO_API_KEY: apiKey });
  try {
    console.log(`sandbox on disk at ${sandbox.url}, ${ROWS} rows per run\n`);

    // 1. Import: a plain sequential loop over the client, then the CLI, in one run.
    const client = new Partnero({ apiKey: 'bench-loop', baseUrl: sandbox.url });
    const started = performance.now();
    for (let n = 1; n <= ROWS; n++) await client.customers.create(customer(n, 'loop'));
    const loop = perSecond(ROWS, (performance.now() - started) / 1000);
    report('import, sequential loop over the client', `${loop} rows/s`);

    const input = join(work, 'customers.csv');
    writeCsv(input, 'cus');
    for (const [apiKey, flags] of [
      ['bench-cli', []],
      ['bench-cli-32', ['--concurrency', '32']],
    ] as const) {
      const imported = await run(
        process.execPath,
        [cli, 'customers', 'import', input, '--restart', ...flags],
        env(apiKey),
      );
      if (!imported.stdout.startsWith(`imported ${ROWS}, already there 0, rejected 0`)) {
        throw new Error(`unexpected import result: ${imported.stdout}${imported.stderr}`);
      }
      const rate = perSecond(ROWS, imported.seconds);
      const label = flags.length
        ? `import, CLI ${flags.join(' ')}`
        : 'import, CLI (default --concurrency 8)';
      const ratio = rate / loop;
      if (!flags.length) {
        floor(
          ratio >= MIN_IMPORT_RATIO,
          `import ${ratio.toFixed(1)}x the loop (floor ${MIN_IMPORT_RATIO}x)`,
        );
      }
      const rssMb = imported.peak / 1024 / 1024;
      floor(
        rssMb < MAX_IMPORT_RSS_MB,
        `${label} peak RSS ${mb(imported.peak)} (< ${MAX_IMPORT_RSS_MB} MB)`,
      );
      report(
        label,
        `${rate} rows/s (${ratio.toFixed(1)}x the loop), peak RSS ${mb(imported.peak)}`,
      );
    }

    // 2. Export the same customers.
    const output = join(work, 'export.csv');
    const exported = await run(
      process.execPath,
      [cli, 'customers', 'export', '--output', output],
      env('bench-cli'),
    );
    const count = readFileSync(output, 'utf8').trim().split('\n').length - 1;
    if (count !== ROWS)
      throw new Error(`exported ${count} rows, expected ${ROWS}: ${exported.stderr}`);
    report(
      'export, CLI',
      `${perSecond(ROWS, exported.seconds)} rows/s, peak RSS ${mb(exported.peak)}`,
    );
    floor(
      exported.peak / 1024 / 1024 < MAX_EXPORT_RSS_MB,
      `export peak RSS ${mb(exported.peak)} (< ${MAX_EXPORT_RSS_MB} MB)`,
    );

    // 3. A resumed import through npx: kill -9 at about 40 %, then the same command again.
    const project = join(work, 'project');
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"migration","private":true}');
    // npx finds the bin in node_modules/.bin, as after `npm install @partnero-kit/cli`.
    symlinkSync(cli, join(project, 'node_modules/.bin/partnero'));
    const resumable = join(project, 'signups.csv');
    const bad = (n: number) => n % 100 === 0;
    writeCsv(resumable, 'mig', bad);
    const journal = `${resumable}.partnero-journal`;
    const npx = ['--no', '--', 'partnero', 'customers', 'import', 'signups.csv'];
    let killedAt = 0;
    const first = await run('npx', npx, env('bench-resume'), {
      cwd: project,
      onTick(child) {
        if (!killedAt && existsSync(journal) && statSync(journal).size > ROWS * 6) {
          killedAt = statSync(journal).size;
          process.kill(-(child.pid as number), 'SIGKILL');
        }
      },
    });
    if (!killedAt)
      throw new Error(`the import ended before the kill: ${first.stdout}${first.stderr}`);
    const storedAfterKill = await countStored(sandbox.url, 'bench-resume');
    const second = await run('npx', npx, env('bench-resume'), { cwd: project });
    const expected = `imported ${ROWS - ROWS / 100}, already there 0, rejected ${ROWS / 100} (see signups.csv.rejects.csv)`;
    const stored = await countStored(sandbox.url, 'bench-resume');
    const rejects = parse(readFileSync(`${resumable}.rejects.csv`), { columns: true }) as {
      key: string;
    }[];
    const rejectedKeys = new Set(rejects.map((r) => r.key));
    const exact =
      second.stdout.startsWith(expected) &&
      stored === ROWS - ROWS / 100 &&
      rejects.length === ROWS / 100 &&
      rejectedKeys.size === ROWS / 100 &&
      [...rejectedKeys].every((key) => bad(Number(key.split('_')[1])));
    report(
      'resumed import via npx partnero',
      `killed -9 with ${storedAfterKill} customers stored; rerun: "${second.stdout.trim()}" (exit ${second.code}); ` +
        `${stored} customers stored, ${rejects.length} rows in the rejects file, ${rejectedKeys.size} distinct: ${exact ? 'exact' : 'NOT EXACT'}`,
    );
    floor(exact, `resumed import ${exact ? 'exact' : 'NOT EXACT'}`);
  } finally {
    sandbox.child.kill();
    await once(sandbox.child, 'close');
    rmSync(work, { recursive: true, force: true });
  }
  console.log('\nSummary');
  for (const [name, value] of results) console.log(`| ${name} | ${value} |`);
  const missed = floors.filter((f) => !f.met);
  console.log(
    missed.length
      ? `\nverdict: FLOOR MISSED: ${missed.map((f) => f.text).join('; ')}`
      : `\nverdict: every floor met: ${floors.map((f) => f.text).join('; ')}`,
  );
  if (missed.length) process.exitCode = 1;
}

/** How many customers the program holds, walking every page. */
async function countStored(baseUrl: string, apiKey: string): Promise<number> {
  let count = 0;
  const pages = new Partnero({ apiKey, baseUrl }).customers.list({ limit: MAX_PAGE_SIZE });
  for await (const _ of pages) count++;
  return count;
}

await main().catch((error: unknown) => {
  console.log(
    `\nverdict: FLOOR MISSED: the benchmark failed before measuring everything (${error})`,
  );
  process.exitCode = 1;
});
