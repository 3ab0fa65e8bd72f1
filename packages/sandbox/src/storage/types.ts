import type { OutboxEvent, WebhookStorage } from './webhook-types.js';

/**
 * The fields of a customer that are not columns (name, surname, tags, and whatever the spec
 * adds next), kept as one JSON document, under the names the spec gives them.
 */
export type CustomerDocument = Record<string, unknown>;

/**
 * A customer as the storage keeps it: what is queried or must be unique in columns, the rest
 * in its document. `operations/mapping.ts` shapes it into the API's answer.
 */
export interface CustomerRow {
  key: string;
  partner: string;
  email: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  document: CustomerDocument;
}

/** The columns of `CustomerRow` that answers read by the name the spec gives them. */
export const ROW_COLUMNS = [
  'key',
  'partner',
  'email',
  'status',
  'created_at',
  'updated_at',
] as const;

/** The columns a request body can set directly; everything else goes to the document. */
export const REQUEST_COLUMNS = ['key', 'email'] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];

export interface NewCustomer {
  key: string;
  partner: string;
  partnerEmail: string | null;
  email: string | null;
  status?: string;
  document: CustomerDocument;
  /** In the API's format, microseconds and `Z`; stored and returned as given. */
  now: string;
}

export interface CustomerChanges {
  key?: string;
  email?: string;
  /** Fields to set in the document; fields left out keep their value. */
  document: CustomerDocument;
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

/** The filters of lists and searches, by the name of their query parameter, and their column. */
export const FILTER_COLUMNS = {
  'partner.key': 'partner',
  'partner.email': 'partner_email',
  key: 'key',
  email: 'email',
} as const;
export type ListFilter = keyof typeof FILTER_COLUMNS;

/** At most `limit` of a program's customers, newest first, matching every filter exactly. */
export interface ListQuery {
  limit: number;
  offset: number;
  match?: Partial<Record<ListFilter, string>>;
}

/** A transaction's fields as the spec names them, without `customer` and `partner`. */
export type TransactionDocument = Record<string, unknown>;

/** A transaction to record for the customer with key `customer`. */
export interface NewTransaction {
  customer: string;
  key: string;
  document: TransactionDocument;
}

/** A transaction as read back: its document, and its customer's key and partner now. */
export interface TransactionRow {
  customer: string;
  partner: string;
  document: TransactionDocument;
}

export interface SeedData {
  partners: Partner[];
  customers: NewCustomer[];
  /** For customers of this seed or already stored; a missing customer fails the seed. */
  transactions?: NewTransaction[];
}

/** The unique rules a write broke: every one of them, in the order key, email. */
export class UniqueViolation extends Error {
  override name = 'UniqueViolation';
  constructor(readonly fields: RequestColumn[]) {
    super(`unique ${fields.join(' and ')} violated`);
  }
}

/**
 * The database cannot be reached (down, restarting, connection lost). Nothing was written
 * by the request that got it; the storage reconnects by itself on a later request.
 */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

/**
 * Everything the sandbox persists. Programs are opaque ids (a hash of the API key).
 * Every write is one transaction; uniqueness is the database's job: writes that break
 * it throw `UniqueViolation`, and a database out of reach throws `StorageUnavailable`.
 */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Webhook subscriptions and the outbox of their deliveries. */
  readonly webhooks: WebhookStorage;
  /**
   * The customer writes take an optional `event`: when given, the event is written to the
   * outbox in the same transaction as the change (nothing when the write changes nothing).
   */
  createCustomer(program: string, customer: NewCustomer, event?: OutboxEvent): Promise<CustomerRow>;
  findCustomer(program: string, lookup: CustomerLookup): Promise<CustomerRow | undefined>;
  /** The customer whose email is this one, compared without regard to (ASCII) letter case. */
  findCustomerByEmail(program: string, email: string): Promise<CustomerRow | undefined>;
  updateCustomer(
    program: string,
    lookup: CustomerLookup,
    changes: CustomerChanges,
    event?: OutboxEvent,
  ): Promise<CustomerRow | undefined>;
  deleteCustomer(program: string, lookup: CustomerLookup, event?: OutboxEvent): Promise<boolean>;
  setStatus(
    program: string,
    key: string,
    status: string,
    now: string,
    event?: OutboxEvent,
  ): Promise<boolean>;
  /** Calls `listener` after each commit that wrote to the outbox; returns the unsubscribe. */
  onOutbox(listener: () => void): () => void;
  /** Lists and searches: one page of the program's customers. */
  listCustomers(program: string, query: ListQuery): Promise<CustomerRow[]>;
  /**
   * One page of a customer's transactions, newest first; `undefined` when the program has
   * no customer with this key.
   */
  listTransactions(
    program: string,
    customerKey: string,
    page: { limit: number; offset: number },
  ): Promise<TransactionRow[] | undefined>;
  /** Partners declared for the program by a seed; empty when none were. */
  countPartners(program: string): Promise<number>;
  findPartner(program: string, lookup: PartnerLookup): Promise<Partner | undefined>;
  /** Adds partners, customers and transactions in one transaction. */
  seed(program: string, data: SeedData): Promise<void>;
  /** Removes the program's data, or every program's when none is given. */
  reset(program?: string): Promise<void>;
  close(): Promise<void>;
}
