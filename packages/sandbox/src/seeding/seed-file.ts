import { readFileSync } from 'node:fs';
import { SandboxSetupError } from '../errors.js';
import {
  apiTimestamp,
  type CreateBody,
  newCustomerMapping,
  partnerAsGiven,
  resolvePartner,
  transactionDocument,
} from '../operations/mapping.js';
import type { SpecRuntime } from '../spec.js';
import { matchPartner } from '../storage/partners.js';
import type { NewCustomer, NewTransaction, Partner, SeedData, Storage } from '../storage/types.js';
import { describeErrors, type FieldErrors, mergeErrors } from '../validation.js';

// A seed's contents: what a seed file (or `startSandbox({ seed })`, or `POST /__sandbox/seed`)
// holds, checked against the spec and turned into rows. Writing them is the seeder's job.

/** What `POST /__sandbox/seed` takes: partners and customers for the caller's program. */
export interface SeedPayload {
  /** Declaring partners makes the program refuse unknown partner references with 400. */
  partners?: { key: string; id?: string; email?: string }[];
  /** Bodies of `createCustomer`, optionally with `status: "suspended"`. */
  customers?: (Record<string, unknown> & { status?: 'active' | 'suspended' })[];
  /**
   * Transactions in the shape of the spec's `Transaction`, each naming its customer by key in
   * `customer` (one of this seed or one already stored); `partner` is the customer's. Fields
   * left out get `TRANSACTION_DEFAULTS`.
   */
  transactions?: Record<string, unknown>[];
}

/**
 * What a seeded transaction that leaves them out gets: no rewards, an amount in money, and
 * the time of the seed. Partnero documents none of these defaults; they only spare a test
 * from writing every field. The result must fit the spec's `Transaction` schema.
 */
const TRANSACTION_DEFAULTS = {
  action: 'sale',
  credit: 0,
  is_currency: true,
  amount_units: 'usd',
  deleted_at: null,
  rewards: [],
};

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
  if (!createBody) throw new SandboxSetupError('the spec gives createCustomer no JSON body');
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
  const transactions = await prepareTransactions(
    spec,
    storage,
    program,
    payload as SeedPayload,
    rows,
    now,
  );
  if (!transactions.ok) return transactions;
  return {
    ok: true,
    data: { partners: seededPartners, customers: rows, transactions: transactions.rows },
  };
}

/** The seed's transactions, each checked against the spec's `Transaction` with its customer's key. */
async function prepareTransactions(
  spec: SpecRuntime,
  storage: Storage,
  program: string,
  payload: SeedPayload,
  customers: NewCustomer[],
  now: string,
): Promise<{ ok: true; rows: NewTransaction[] } | { ok: false; errors: FieldErrors }> {
  const { transactions = [] } = payload;
  if (!Array.isArray(transactions)) {
    return { ok: false, errors: { transactions: ['The transactions must be an array.'] } };
  }
  const errors: FieldErrors = {};
  const validate = spec.validator('#/components/schemas/Transaction');
  const seeded = new Map(customers.map((customer) => [customer.key, customer.partner]));
  const keys = new Set<string>();
  const rows: NewTransaction[] = [];
  for (const [i, given] of transactions.entries()) {
    const field = `transactions.${i}`;
    const customer = (given as { customer?: unknown } | null)?.customer;
    if (typeof customer !== 'string' || customer === '') {
      mergeErrors(errors, { [`${field}.customer`]: [`The ${field}.customer field is required.`] });
      continue;
    }
    const partner =
      seeded.get(customer) ?? (await storage.findCustomer(program, { key: customer }))?.partner;
    if (partner === undefined) {
      mergeErrors(errors, {
        [`${field}.customer`]: [`The selected ${field}.customer is invalid.`],
      });
      continue;
    }
    const transaction: Record<string, unknown> = {
      ...TRANSACTION_DEFAULTS,
      created_at: now,
      ...given,
      partner,
    };
    if (!validate(transaction)) {
      mergeErrors(errors, describeErrors(validate.errors ?? [], spec.anyOfBranches, field));
      continue;
    }
    const key = transaction.key as string;
    if (keys.has(key)) {
      mergeErrors(errors, { [`${field}.key`]: [`The ${field}.key has already been taken.`] });
      continue;
    }
    keys.add(key);
    rows.push({ customer, key, document: transactionDocument(transaction) });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/** The start-up seeds: objects, or the path of a JSON file of them; each names its program. */
export function loadSeeds(seed: ProgramSeed | ProgramSeed[] | string | undefined): ProgramSeed[] {
  if (seed === undefined) return [];
  const value = typeof seed === 'string' ? readSeedFile(seed) : (seed as unknown);
  const list = Array.isArray(value) ? value : [value];
  for (const [i, entry] of list.entries()) {
    if (
      typeof (entry as ProgramSeed | null)?.apiKey !== 'string' ||
      !(entry as ProgramSeed).apiKey
    ) {
      throw new SandboxSetupError(`invalid seed: entry ${i} needs an "apiKey" naming its program`);
    }
  }
  return list as ProgramSeed[];
}

/** A missing file keeps its `ENOENT`, which the CLI words; text that is not JSON is named. */
function readSeedFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SandboxSetupError(`seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
