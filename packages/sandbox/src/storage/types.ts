/** A customer as the storage keeps it; `format.ts` turns it into the API's shape. */
export interface CustomerRow {
  key: string;
  partner: string;
  email: string | null;
  name: string | null;
  surname: string | null;
  status: string;
  /** JSON array of tag strings. */
  tags: string;
  created_at: string;
  updated_at: string;
}

export interface NewCustomer {
  key: string;
  partner: string;
  partnerEmail: string | null;
  email: string | null;
  name: string | null;
  surname: string | null;
  tags: string[];
  status?: string;
  /** In the API's format, microseconds and `Z`; stored and returned as given. */
  now: string;
}

export interface CustomerChanges {
  key?: string;
  email?: string;
  name?: string;
  surname?: string;
  /** `undefined` or `null` leaves the tags alone; `[]` removes them all. */
  tags?: string[] | null;
  now: string;
}

/** Names one customer, by key or by email. */
export type CustomerLookup = { key: string } | { email: string };

export interface Partner {
  key: string;
  id: string | null;
  email: string | null;
}

export interface PartnerLookup {
  key?: string;
  id?: string;
  email?: string;
}

export interface ListQuery {
  limit: number;
  offset: number;
  partnerKey?: string;
  partnerEmail?: string;
}

export interface SeedData {
  partners: Partner[];
  customers: NewCustomer[];
}

/** Which unique rule a write broke. */
export class UniqueViolation extends Error {
  constructor(readonly field: 'key' | 'email') {
    super(`unique ${field} violated`);
  }
}

/**
 * Everything the sandbox persists. Programs are opaque ids (a hash of the API key).
 * Every write is one transaction; uniqueness is the database's job: writes that break
 * it throw `UniqueViolation`.
 */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  createCustomer(program: string, customer: NewCustomer): Promise<CustomerRow>;
  findCustomer(program: string, lookup: CustomerLookup): Promise<CustomerRow | undefined>;
  updateCustomer(
    program: string,
    lookup: CustomerLookup,
    changes: CustomerChanges,
  ): Promise<CustomerRow | undefined>;
  deleteCustomer(program: string, lookup: CustomerLookup): Promise<boolean>;
  setStatus(program: string, key: string, status: string, now: string): Promise<boolean>;
  listCustomers(program: string, query: ListQuery): Promise<CustomerRow[]>;
  /** Partners declared for the program by a seed; empty when none were. */
  countPartners(program: string): Promise<number>;
  findPartner(program: string, lookup: PartnerLookup): Promise<Partner | undefined>;
  /** Adds partners and customers in one transaction. */
  seed(program: string, data: SeedData): Promise<void>;
  /** Removes the program's data, or every program's when none is given. */
  reset(program?: string): Promise<void>;
  close(): Promise<void>;
}
