import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createContext } from './context.ts';
import { RequestLog } from './http/request-log.ts';
import { createHandlers } from './operations/handlers.ts';
import { loadSeeds, type ProgramSeed } from './seeding/seed-file.ts';
import { createRequestHandler } from './server.ts';
import { loadSpec, type SpecRuntime } from './spec.ts';
import { openPostgresStorage } from './storage/postgres.ts';
import { openSqliteStorage } from './storage/sqlite.ts';
import type { Storage } from './storage/types.ts';
import { DEFAULT_SCHEDULE, type RetrySchedule } from './webhooks/schedule.ts';
import { type DeliveryWorker, startDeliveryWorker } from './webhooks/worker.ts';

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
   * The spec to serve, as a runtime of `@partnero-kit/openapi/runtime`: `loadSpec(document)`
   * over a changed copy, to try a change before it is published. Default: the bundled spec.
   */
  spec?: SpecRuntime;
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
  const storage = await openStorage(options);
  let server: Server | undefined;
  let worker: DeliveryWorker | undefined;
  try {
    const { pollMs = 250, deliver = true, ...schedule } = options.webhooks ?? {};
    if (deliver) {
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
      seeds,
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

function openStorage(options: SandboxOptions): Promise<Storage> {
  if (options.databaseUrl) {
    if (options.memory) throw new Error('memory and databaseUrl cannot be combined');
    return openPostgresStorage(options.databaseUrl);
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
