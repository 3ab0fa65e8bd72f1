export type { LoggedRequest } from './request-log.ts';
export { DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from './sandbox.ts';
export type { ProgramSeed, SeedPayload } from './seed.ts';
export { SandboxSetupError } from './storage/native.ts';
