export { SandboxSetupError } from './errors.ts';
export type { LoggedRequest } from './http/request-log.ts';
export type { SandboxLogger } from './logger.ts';
export { DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from './sandbox.ts';
export type { ProgramSeed, SeedPayload } from './seeding/seed-file.ts';
