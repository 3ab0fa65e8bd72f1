export { SandboxSetupError } from './errors.js';
export type { LoggedRequest } from './http/request-log.js';
export type { SandboxLogger } from './logger.js';
export { DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from './sandbox.js';
export type { ProgramSeed, SeedPayload } from './seeding/seed-file.js';
