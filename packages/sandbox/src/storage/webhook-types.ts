import type { CustomerRow } from './types.js';

// What the storage keeps of webhooks: the subscriptions, and the outbox of their deliveries.

/** A webhook as stored, under the names the spec's `Webhook` schema gives its fields. */
export interface WebhookRow {
  key: string;
  name: string;
  url: string;
  events: string[];
  is_active: boolean;
  signature: string;
}

export interface NewWebhook extends WebhookRow {
  now: string;
}

/** The fields an update changes; fields left out keep their value. */
export interface WebhookChanges {
  name?: string;
  url?: string;
  events?: string[];
  is_active?: boolean;
  now: string;
}

/**
 * A customer event, written to the outbox in the same transaction as the change that made it:
 * one delivery per active webhook of the program subscribed to `event`.
 */
export interface OutboxEvent {
  event: string;
  /** When it happened, in the API's time format: the envelope's `created_at`. */
  at: string;
  /** The customer as the API answers it, from the row as the change left it. */
  data: (row: CustomerRow) => unknown;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one webhook, as the deliveries control route lists it. */
export interface DeliveryRow {
  id: number;
  webhook_key: string;
  event: string;
  customer_key: string;
  created_at: string;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch milliseconds of the next attempt, while pending. */
  next_attempt_at: number;
  last_status: number | null;
  last_answer: string | null;
  delivered_at: string | null;
}

/** A delivery this process holds the lease of, with what sending it needs. */
export interface ClaimedDelivery {
  id: number;
  program: string;
  webhook_key: string;
  event: string;
  customer_key: string;
  created_at: string;
  /** JSON text of the customer. */
  data: string;
  /** Attempts made so far, this one included. */
  attempts: number;
  url: string;
  signature: string;
}

/** How an attempt ended: delivered, to be tried again at `nextAttemptAt`, or given up. */
export interface AttemptResult {
  id: number;
  status: DeliveryStatus;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastAnswer: string;
  now: string;
}

/** Webhook subscriptions and their outbox, per program; writes are single transactions. */
export interface WebhookStorage {
  list(program: string): Promise<WebhookRow[]>;
  find(program: string, key: string): Promise<WebhookRow | undefined>;
  /** Throws `UniqueViolation(['key'])` when the program has a webhook with this key. */
  create(program: string, webhook: NewWebhook): Promise<WebhookRow>;
  update(program: string, key: string, changes: WebhookChanges): Promise<WebhookRow | undefined>;
  /** Removes the webhook and its deliveries, sent or not. */
  delete(program: string, key: string): Promise<boolean>;
  /** The program's deliveries, newest first. */
  deliveries(program: string, limit: number): Promise<DeliveryRow[]>;
  /** Makes a delivery pending again, due now, with its attempts counted from zero. */
  resend(program: string, id: number, nowMs: number): Promise<boolean>;
  /** Queues one event for one webhook, whatever it subscribes to; the delivery's id. */
  enqueue(
    program: string,
    webhookKey: string,
    event: { event: string; customerKey: string; data: string; at: string; nowMs: number },
  ): Promise<number | undefined>;
  /**
   * Takes the lease of up to `limit` due deliveries until `leaseUntil`, oldest first, none of
   * which waits behind an earlier pending delivery of the same customer to the same webhook.
   * A delivery whose lease another process holds is skipped.
   */
  claim(nowMs: number, leaseUntil: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records how attempts ended and gives their leases back, in one transaction. */
  settle(results: AttemptResult[]): Promise<void>;
}
