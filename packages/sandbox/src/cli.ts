#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { SandboxSetupError } from './errors.js';
import { DEFAULTS, type SandboxOptions, startSandbox } from './sandbox.js';
import { DEFAULT_SCHEDULE } from './webhooks/schedule.js';

const HELP = `Usage: partnero-sandbox [options]

A local, stateful Partnero Customers API built from the OpenAPI spec.

Options:
  --port N            port to listen on (default: ${DEFAULTS.port}; 0 picks a free one)
  --host HOST         interface to listen on (default: ${DEFAULTS.host})
  --data DIR          folder of the embedded database (default: ${DEFAULTS.dataDir}/ in the working directory)
  --memory            keep everything in memory, write nothing to disk (default: off)
  --database-url URL  use this Postgres database instead of the embedded one
                      (default: the DATABASE_URL environment variable, else none)
  --strict            check every response against the spec; a violation becomes a 500
                      with a Sandbox-Violation header; fields the spec does not know get a
                      Sandbox-Warning header (default: off)
  --seed FILE         JSON file of partners, customers and transactions to load at start
                      and on reset (default: none)
  --closed            accept only the API keys the sandbox knows (the seed file's programs
                      and --api-keys); any other token gets 401 (default: off, every token
                      is its own program; also PARTNERO_SANDBOX_CLOSED=1)
  --api-keys FILE     more keys a closed sandbox accepts, one a line (default: none)
  --webhook-retry-base MS
                      wait after a webhook delivery's first failure, doubling after each
                      further one (default: ${DEFAULT_SCHEDULE.baseMs}; tests shorten it)
  --webhook-attempts N
                      attempts of a delivery before it is marked failed (default: ${DEFAULT_SCHEDULE.attempts})
  --webhook-timeout MS
                      how long a receiver may take to answer (default: ${DEFAULT_SCHEDULE.timeoutMs})
  --hold-webhooks     write customer events to the outbox but send none; a sandbox started
                      later on the same data sends them (default: off)
  -h, --help          show this help
`;

function fail(message: string): never {
  process.stderr.write(`partnero-sandbox: ${message}\n`);
  process.exit(1);
}

function parse(): SandboxOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        'database-url': { type: 'string' },
        strict: { type: 'boolean' },
        seed: { type: 'string' },
        closed: { type: 'boolean' },
        'api-keys': { type: 'string' },
        'webhook-retry-base': { type: 'string' },
        'webhook-attempts': { type: 'string' },
        'webhook-timeout': { type: 'string' },
        'hold-webhooks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const port = values.port === undefined ? DEFAULTS.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(`--port must be a whole number from 0 to 65535, got "${String(values.port)}"`);
  }
  const databaseUrl = (values['database-url'] as string | undefined) ?? process.env.DATABASE_URL;
  if (values.memory && databaseUrl) {
    fail('--memory and --database-url (or DATABASE_URL) cannot be combined');
  }
  const whole = (flag: string, min: number) => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      fail(`--${flag} must be a whole number of at least ${min}, got "${String(raw)}"`);
    }
    return value;
  };
  const webhooks = {
    baseMs: whole('webhook-retry-base', 1),
    attempts: whole('webhook-attempts', 1),
    timeoutMs: whole('webhook-timeout', 1),
  };
  return {
    webhooks: {
      ...Object.fromEntries(Object.entries(webhooks).filter(([, v]) => v !== undefined)),
      deliver: values['hold-webhooks'] !== true,
    },
    port,
    host: (values.host as string | undefined) ?? DEFAULTS.host,
    dataDir: (values.data as string | undefined) ?? DEFAULTS.dataDir,
    memory: values.memory === true,
    databaseUrl: databaseUrl || undefined,
    strict: values.strict === true,
    seed: values.seed as string | undefined,
    closed: values.closed === true || process.env.PARTNERO_SANDBOX_CLOSED === '1',
    apiKeys: values['api-keys'] as string | undefined,
  };
}

async function main() {
  const options = parse();
  const sandbox = await startSandbox(options).catch((error: unknown) => {
    if (error instanceof SandboxSetupError) fail(error.message);
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') fail(`port ${options.port} is already in use (try --port 0)`);
    if (code === 'ENOENT' && options.apiKeys) {
      fail(`seed file or API key file not found: ${options.seed ?? options.apiKeys}`);
    }
    if (code === 'ENOENT' && options.seed) fail(`seed file not found: ${options.seed}`);
    fail((error as Error).message ?? String(error));
  });
  const where =
    sandbox.storage === 'postgres' ? 'Postgres' : options.memory ? 'memory' : options.dataDir;
  process.stdout.write(`partnero-sandbox listening on ${sandbox.url} (storage: ${where})\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

void main();
