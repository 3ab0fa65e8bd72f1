import { SandboxSetupError } from '../errors.js';
import { programOf } from '../http/auth.js';
import type { RequestLog } from '../http/request-log.js';
import type { SpecRuntime } from '../spec.js';
import { type Storage, UniqueViolation } from '../storage/types.js';
import { type FieldErrors, takenErrors } from '../validation.js';
import { type ProgramSeed, prepareSeed } from './seed-file.js';

export type SeedResult =
  | { ok: true; counts: { partners: number; customers: number; transactions: number } }
  | { ok: false; errors: FieldErrors };

/** Loading seed data: the one service behind start-up, `reset()` and the control routes. */
export interface Seeder {
  /** Validates a payload against the spec and writes it to the program, all or nothing. */
  apply(program: string, payload: unknown): Promise<SeedResult>;
  /** At start-up: each start-up seed whose program holds no data yet (data on disk stays). */
  seedEmptyPrograms(): Promise<void>;
  /** Empties one program (by its API key) or every program, then re-applies start-up seeds. */
  reset(apiKey?: string): Promise<void>;
}

export function createSeeder(
  spec: SpecRuntime,
  storage: Storage,
  log: RequestLog,
  seeds: readonly ProgramSeed[],
): Seeder {
  const apply = async (program: string, payload: unknown): Promise<SeedResult> => {
    const prepared = await prepareSeed(spec, storage, program, payload);
    if (!prepared.ok) return prepared;
    try {
      await storage.seed(program, prepared.data);
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      return { ok: false, errors: takenErrors(error.fields, 'customers.') };
    }
    return {
      ok: true,
      counts: {
        partners: prepared.data.partners.length,
        customers: prepared.data.customers.length,
        transactions: prepared.data.transactions?.length ?? 0,
      },
    };
  };

  /** Start-up seeds must be valid: a bad one stops the sandbox with the reasons. */
  const applyStartUpSeed = async (seed: ProgramSeed) => {
    const result = await apply(programOf(seed.apiKey), seed);
    if (result.ok) return;
    const reasons = Object.entries(result.errors).map(
      ([field, messages]) => `${field}: ${messages.join(' ')}`,
    );
    throw new SandboxSetupError(`invalid seed: ${reasons.join('; ')}`);
  };

  return {
    apply,
    async seedEmptyPrograms() {
      for (const seed of seeds) {
        const program = programOf(seed.apiKey);
        const empty =
          (await storage.countPartners(program)) === 0 &&
          (await storage.listCustomers(program, { limit: 1, offset: 0 })).length === 0;
        if (empty) await applyStartUpSeed(seed);
      }
    },
    async reset(apiKey) {
      const program = apiKey === undefined ? undefined : programOf(apiKey);
      await storage.reset(program);
      log.clear(program);
      for (const seed of seeds) {
        if (apiKey === undefined || seed.apiKey === apiKey) await applyStartUpSeed(seed);
      }
    },
  };
}
