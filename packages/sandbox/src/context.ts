import { type ProtocolReplies, protocolReplies } from './http/replies.ts';
import type { RequestLog } from './http/request-log.ts';
import { createRouter, type Router } from './http/routing.ts';
import type { Handlers } from './operations/handlers.ts';
import type { ProgramSeed } from './seeding/seed-file.ts';
import { createSeeder, type Seeder } from './seeding/seeder.ts';
import type { SpecRuntime } from './spec.ts';
import type { Storage } from './storage/types.ts';

/** Everything a request needs, made once per sandbox. */
export interface SandboxContext {
  /** The spec this sandbox serves: the bundled one, or a changed copy a test passed in. */
  spec: SpecRuntime;
  storage: Storage;
  /** Check every response against the spec before it is sent, and warn of unknown fields. */
  strict: boolean;
  log: RequestLog;
  seeder: Seeder;
  replies: ProtocolReplies;
  route: Router;
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
  /** Start-up seeds, applied again when their program is reset. */
  seeds: readonly ProgramSeed[];
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
    seeder: createSeeder(spec, storage, log, options.seeds),
    replies: protocolReplies(spec),
    route: createRouter(spec, options.handlers),
    fallbackHost: options.fallbackHost,
    wakeDeliveries: options.wakeDeliveries ?? (() => {}),
  };
}
