import type { Operations } from './operations.ts';
import { type ProtocolReplies, protocolReplies } from './replies.ts';
import type { RequestLog } from './request-log.ts';
import { createRouter, type Router } from './routing.ts';
import type { ProgramSeed } from './seed.ts';
import { createSeeding, type Seeding } from './seeding.ts';
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
  seeding: Seeding;
  replies: ProtocolReplies;
  route: Router;
  /** Host and port the server listens on, for links when a request has no usable Host. */
  fallbackHost: () => string;
}

export interface ContextOptions {
  spec: SpecRuntime;
  storage: Storage;
  /** One handler per operation of the spec (`createOperations(spec)`). */
  handlers: Operations;
  strict: boolean;
  log: RequestLog;
  /** Start-up seeds, applied again when their program is reset. */
  seeds: readonly ProgramSeed[];
  fallbackHost: () => string;
}

export function createContext(options: ContextOptions): SandboxContext {
  const { spec, storage, log } = options;
  return {
    spec,
    storage,
    strict: options.strict,
    log,
    seeding: createSeeding(spec, storage, log, options.seeds),
    replies: protocolReplies(spec),
    route: createRouter(spec, options.handlers),
    fallbackHost: options.fallbackHost,
  };
}
