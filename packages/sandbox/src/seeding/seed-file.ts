import { readFileSync } from 'node:fs';
import {
  apiTimestamp,
  type CreateBody,
  newCustomerMapping,
  partnerAsGiven,
  resolvePartner,
} from '../operations/mapping.ts';
import type { SpecRuntime } from '../spec.ts';
import { matchPartner } from '../storage/partners.ts';
import type { NewCustomer, Partner, SeedData, Storage } from '../storage/types.ts';
import { describeErrors, type FieldErrors, mergeErrors } from '../validation.ts';

// A seed's contents: what a seed file (or `startSandbox({ seed })`, or `POST /__sandbox/seed`)
// holds, checked against the spec and turned into rows. Writing them is the seeder's job.

/** What `POST /__sandbox/seed` takes: partners and customers for the caller's program. */
export interface SeedPayload {
  /** Declaring partners makes the program refuse unknown partner references with 400. */
  partners?: { key: string; id?: string; email?: string }[];
  /** Bodies of `createCustomer`, optionally with `status: "suspended"`. */
  customers?: (Record<string, unknown> & { status?: 'active' | 'suspended' })[];
}

/** A seed for the CLI's `--seed FILE` or `startSandbox({ seed })`: one program's data. */
export interface ProgramSeed extends SeedPayload {
  /** The API key (bearer token) of the program the data belongs to. */
  apiKey: string;
}

export type SeedOutcome = { ok: true; data: SeedData } | { ok: false; errors: FieldErrors };

/** Checks a seed payload against the spec and turns it into rows; nothing is written yet. */
export async function prepareSeed(
  spec: SpecRuntime,
  storage: Storage,
  program: string,
  payload: unknown,
): Promise<SeedOutcome> {
  const errors: FieldErrors = {};
  const addAll = (more: FieldErrors) => mergeErrors(errors, more);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { ok: false, errors: { body: ['The seed must be a JSON object.'] } };
  }
  const { partners = [], customers = [] } = payload as SeedPayload;
  if (!Array.isArray(partners)) addAll({ partners: ['The partners must be an array.'] });
  if (!Array.isArray(customers)) addAll({ customers: ['The customers must be an array.'] });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const validatePartner = spec.validator('#/components/schemas/PartnerReferenceFields');
  const seededPartners: Partner[] = [];
  partners.forEach((partner, i) => {
    const field = `partners.${i}`;
    if (!validatePartner(partner)) {
      addAll(describeErrors(validatePartner.errors ?? [], spec.anyOfBranches, field));
    } else if (typeof partner?.key !== 'string' || partner.key === '') {
      addAll({ [`${field}.key`]: [`The ${field}.key field is required.`] });
    } else {
      seededPartners.push({
        key: partner.key,
        id: partner.id ?? null,
        email: partner.email ?? null,
      });
    }
  });

  const createBody = spec.operation('createCustomer').requestBody?.schemaPointer;
  if (!createBody) throw new Error('the spec gives createCustomer no JSON body');
  const validateCustomer = spec.validator(createBody);
  const newCustomer = newCustomerMapping(spec);
  // Asked once: a bulk seed of many thousand customers should not ask it per customer.
  const programHasPartners =
    seededPartners.length === 0 && (await storage.countPartners(program)) > 0;
  const rows: NewCustomer[] = [];
  const now = apiTimestamp();
  for (const [i, customer] of customers.entries()) {
    const field = `customers.${i}`;
    if (!validateCustomer(customer)) {
      addAll(describeErrors(validateCustomer.errors ?? [], spec.anyOfBranches, field));
      continue;
    }
    const body = customer as unknown as CreateBody;
    const ref = body.partner;
    const partner =
      seededPartners.length > 0
        ? matchPartner(seededPartners, ref)
        : programHasPartners
          ? await resolvePartner(storage, program, ref)
          : partnerAsGiven(ref);
    if (!partner) {
      addAll({ [`${field}.partner`]: [`The selected ${field}.partner is invalid.`] });
      continue;
    }
    const status = customer.status;
    if (status !== undefined && status !== 'active' && status !== 'suspended') {
      addAll({ [`${field}.status`]: [`The selected ${field}.status is invalid.`] });
      continue;
    }
    rows.push(newCustomer(body, partner, now, status ?? 'active'));
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { partners: seededPartners, customers: rows } };
}

/** The start-up seeds: objects, or the path of a JSON file of them; each names its program. */
export function loadSeeds(seed: ProgramSeed | ProgramSeed[] | string | undefined): ProgramSeed[] {
  if (seed === undefined) return [];
  const value: unknown =
    typeof seed === 'string' ? JSON.parse(readFileSync(seed, 'utf8')) : (seed as unknown);
  const list = Array.isArray(value) ? value : [value];
  for (const [i, entry] of list.entries()) {
    if (
      typeof (entry as ProgramSeed | null)?.apiKey !== 'string' ||
      !(entry as ProgramSeed).apiKey
    ) {
      throw new Error(`invalid seed: entry ${i} needs an "apiKey" naming its program`);
    }
  }
  return list as ProgramSeed[];
}
