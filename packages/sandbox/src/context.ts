import { type ProtocolReplies, protocolReplies } from './http/replies.js';
import type { RequestLog } from './http/request-log.js';
import { createRouter, type Router } from './http/routing.js';
import { type SandboxLogger, stderrLogger } from './logger.js';
import { extraInput, type Handlers } from './operations/handlers.js';
import type { ProgramSeed } from './seeding/seed-file.js';
import { createSeeder, type Seeder } from './seeding/seeder.js';
import type { SpecRuntime } from './spec.js';
import type { Storage } from './storage/types.js';

/** Everything a request needs, made once per sandbox. */
export interface SandboxContext {
  /** The spec this sandbox serves: the bundled one, or a changed copy a test passed in. */
  spec: SpecRuntime;
  storage: Storage;
  /** Check every response against the spec before it is sent, and warn of unknown fields. */
  strict: boolean;
  log: RequestLog;
  /** Where failures inside the sandbox are reported. */
  logger: SandboxLogger;
  seeder: Seeder;
  replies: ProtocolReplies;
  route: Router;
  /** Input each operation reads beyond its documented parameters (`extraInput`). */
  extraInput: Partial<Record<string, readonly string[]>>;
  /**
   * Whether a bearer token opens a program: any token when the sandbox is open (each is its
   * own program), only the known API keys when it is closed.
   */
  accepts(token: string): boolean;
  /** Host and port the server listens on, for links when a request has no usable Host. */
  fallbackHost: () => string;
  /** Tells the delivery worker that the outbox has something new. */
  wakeDeliveries: () => void;
}

export interface ContextOptions {
  spec: SpecRuntime;
  storage: Storage;
  /** One handler per operation of the spec (`createHandlers(spec)`). */
  handlers: Handlers;
  strict: boolean;
  log: RequestLog;
  /** Default: one line to stderr per report. */
  logger?: SandboxLogger;
  /** Start-up seeds, applied again when their program is reset. */
  seeds: readonly ProgramSeed[];
  /** Accept only these API keys (401 for any other); `undefined`: every token is a program. */
  apiKeys?: ReadonlySet<string>;
  fallbackHost: () => string;
  /** Without a delivery worker (a test's context), the outbox only fills. */
  wakeDeliveries?: () => void;
}

export function createContext(options: ContextOptions): SandboxContext {
  const { spec, storage, log } = options;
  return {
    spec,
    storage,
    strict: options.strict,
    log,
    logger: options.logger ?? stderrLogger,
    seeder: createSeeder(spec, storage, log, options.seeds),
    replies: protocolReplies(spec),
    route: createRouter(spec, options.handlers),
    extraInput: extraInput(spec),
    accepts: (token) => options.apiKeys?.has(token) ?? true,
    fallbackHost: options.fallbackHost,
    wakeDeliveries: options.wakeDeliveries ?? (() => {}),
  };
}
