import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createContext } from './context.js';
import { SandboxSetupError } from './errors.js';
import { RequestLog } from './http/request-log.js';
import { type SandboxLogger, stderrLogger } from './logger.js';
import { createHandlers } from './operations/handlers.js';
import { loadSeeds, type ProgramSeed } from './seeding/seed-file.js';
import { createRequestHandler } from './server.js';
import { loadSpec, type SpecRuntime } from './spec.js';
import { openPostgresStorage } from './storage/postgres.js';
import { openSqliteStorage } from './storage/sqlite.js';
import type { Storage } from './storage/types.js';
import { DEFAULT_SCHEDULE, type RetrySchedule } from './webhooks/schedule.js';
import { type DeliveryWorker, startDeliveryWorker } from './webhooks/worker.js';

export interface SandboxOptions {
  /** Port to listen on; `0` picks a free one. Default 4010. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Folder of the embedded database. Default `.partnero-sandbox` in the working directory. */
  dataDir?: string;
  /** Keep everything in memory; nothing is written to disk. Default false. */
  memory?: boolean;
  /** Use this Postgres database instead of the embedded one. */
  databaseUrl?: string;
  /** Check every response against the spec; a violation becomes a 500. Default false. */
  strict?: boolean;
  /** Data to load at start and again on reset: objects, or the path of a JSON file of them. */
  seed?: ProgramSeed | ProgramSeed[] | string;
  /**
   * Accept only the API keys the sandbox knows: each seed's `apiKey` and those of `apiKeys`.
   * Any other bearer token gets the API's 401, so a client can be tested against a revoked
   * key. Default false: every token is its own program.
   */
  closed?: boolean;
  /** More keys a closed sandbox accepts: a list, or the path of a file of one key a line. */
  apiKeys?: string[] | string;
  /**
   * The spec to serve, as a runtime of `@partnero-kit/openapi/runtime`: `loadSpec(document)`
   * over a changed copy, to try a change before it is published. Default: the bundled spec.
   */
  spec?: SpecRuntime;
  /**
   * Where the sandbox reports failures while it serves (a request that failed inside it, a
   * lost database connection): `console`, or a logger of yours. Default: one line to stderr.
   */
  logger?: SandboxLogger;
  /**
   * Webhook deliveries: the retry schedule (see the README; tests shorten it), how often the
   * outbox is polled for other processes' events, and `deliver: false` to send nothing.
   */
  webhooks?: Partial<RetrySchedule> & { pollMs?: number; deliver?: boolean };
}

export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`; append `/v1/customers`. */
  readonly url: string;
  readonly port: number;
  readonly storage: 'sqlite' | 'postgres';
  /** Empties every program and re-applies the start-up seed. */
  reset(): Promise<void>;
  /** Stops listening, drops open connections and closes the database. */
  close(): Promise<void>;
}

export const DEFAULTS = {
  port: 4010,
  host: '127.0.0.1',
  dataDir: '.partnero-sandbox',
} as const;

/** Starts a sandbox server; resolves once it accepts connections. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seeds = loadSeeds(options.seed);
  const spec = options.spec ?? loadSpec();
  const logger = options.logger ?? stderrLogger;
  const storage = await openStorage(options, logger);
  let server: Server | undefined;
  let worker: DeliveryWorker | undefined;
  try {
    const { pollMs = 250, deliver = true, ...schedule } = options.webhooks ?? {};
    // A spec without webhooks (an older document passed in) has nothing to deliver.
    if (deliver && spec.webhooks.size > 0) {
      worker = startDeliveryWorker(spec, storage, {
        schedule: { ...DEFAULT_SCHEDULE, ...schedule },
        pollMs,
        concurrency: 256,
      });
    }
    const running = worker;
    const context = createContext({
      spec,
      storage,
      handlers: createHandlers(spec),
      strict: options.strict ?? false,
      log: new RequestLog(),
      logger,
      seeds,
      apiKeys: options.closed ? knownKeys(seeds, options.apiKeys) : undefined,
      fallbackHost: () => hostOf(server?.address() as AddressInfo),
      wakeDeliveries: () => running?.wake(),
    });
    await context.seeder.seedEmptyPrograms();
    server = createServer({ keepAliveTimeout: 65_000 }, createRequestHandler(context));
    const listening = server;
    await new Promise<void>((done, fail) => {
      listening.once('error', fail);
      listening.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
        listening.off('error', fail);
        done();
      });
    });
    const address = listening.address() as AddressInfo;
    let closed: Promise<void> | undefined;
    return {
      url: `http://${hostOf(address)}`,
      port: address.port,
      storage: storage.kind,
      reset: () => context.seeder.reset(),
      close() {
        closed ??= new Promise<void>((done) => {
          listening.close(() => done());
          listening.closeAllConnections();
        })
          .then(() => running?.close())
          .then(() => storage.close());
        return closed;
      },
    };
  } catch (error) {
    server?.close();
    await worker?.close();
    await storage.close();
    throw error;
  }
}

/** The keys a closed sandbox accepts: the seeds' and the given ones (a file: one a line). */
function knownKeys(seeds: readonly ProgramSeed[], apiKeys: string[] | string | undefined) {
  const given =
    typeof apiKeys === 'string'
      ? readFileSync(apiKeys, 'utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
      : (apiKeys ?? []);
  const keys = new Set([...seeds.map((seed) => seed.apiKey), ...given]);
  if (keys.size === 0) {
    throw new SandboxSetupError(
      'a closed sandbox needs API keys: give seeds with an apiKey, or apiKeys (--api-keys FILE)',
    );
  }
  return keys;
}

function openStorage(options: SandboxOptions, logger: SandboxLogger): Promise<Storage> {
  if (options.databaseUrl) {
    if (options.memory) throw new SandboxSetupError('memory and databaseUrl cannot be combined');
    return openPostgresStorage(options.databaseUrl, logger);
  }
  return openSqliteStorage({
    dataDir: resolve(options.dataDir ?? DEFAULTS.dataDir),
    memory: options.memory ?? false,
  });
}

function hostOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${host}:${address.port}`;
}
