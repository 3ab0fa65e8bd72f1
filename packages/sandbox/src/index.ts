export type { LoggedRequest } from './http/request-log.ts';
export { DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from './sandbox.ts';
export type { ProgramSeed, SeedPayload } from './seeding/seed-file.ts';
export { SandboxSetupError } from './storage/native.ts';
