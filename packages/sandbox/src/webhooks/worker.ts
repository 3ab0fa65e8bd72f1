import type { SpecRuntime } from '../spec.js';
import type { Storage } from '../storage/types.js';
import type { AttemptResult, ClaimedDelivery } from '../storage/webhook-types.js';
import { envelopeWriter } from './envelope.js';
import { leaseMs, type RetrySchedule, retryDelay } from './schedule.js';
import { Sender } from './sender.js';
import { sign } from './signing.js';

/** How long after a write of this process the outbox is looked at. */
const WAKE_DELAY_MS = 5;

export interface WorkerOptions {
  schedule: RetrySchedule;
  /** How often the outbox is looked at when nothing woke the worker (other processes' events). */
  pollMs: number;
  /** Attempts in flight at once; a receiver that hangs holds one of them until its timeout. */
  concurrency: number;
}

export interface DeliveryWorker {
  /** Looks at the outbox now, as after a write of this process. */
  wake(): void;
  /** Stops claiming, abandons the attempts in flight (their leases lapse), and resolves. */
  close(): Promise<void>;
}

/**
 * Delivers the outbox: claims due deliveries (a lease per delivery, so several processes on
 * one database never attempt the same one at once), POSTs each signed body, and records the
 * outcome: delivered, due again later with backoff, or failed after the last attempt.
 */
export function startDeliveryWorker(
  spec: SpecRuntime,
  storage: Storage,
  options: WorkerOptions,
): DeliveryWorker {
  const { schedule, concurrency } = options;
  const sender = new Sender();
  const writers = new Map<string, (d: ClaimedDelivery) => string>();
  const bodyOf = (delivery: ClaimedDelivery) => {
    let write = writers.get(delivery.event);
    if (!write) {
      write = envelopeWriter(spec, delivery.event);
      writers.set(delivery.event, write);
    }
    return write(delivery);
  };
  const signatureHeader = signatureHeaderOf(spec);

  let running = true;
  let inFlight = 0;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let results: AttemptResult[] = [];
  let flushing: Promise<void> | undefined;
  const attempts = new Set<Promise<void>>();

  const pump = (): Promise<void> => {
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    // `.finally` runs after this assignment even when the loop claims nothing at all.
    pumping = claimWhileRoom().finally(() => {
      pumping = undefined;
    });
    return pumping;
  };

  const claimWhileRoom = async () => {
    try {
      do {
        pumpAgain = false;
        const room = concurrency - inFlight;
        if (!running || room <= 0) break;
        const now = Date.now();
        const claimed = await storage.webhooks.claim(now, now + leaseMs(schedule), room);
        for (const delivery of claimed) start(delivery);
        if (claimed.length === room) pumpAgain = true;
      } while (pumpAgain && running);
    } catch (error) {
      reportOnce(error);
    }
  };

  const start = (delivery: ClaimedDelivery) => {
    inFlight += 1;
    const attempt = deliver(delivery).finally(() => {
      inFlight -= 1;
      attempts.delete(attempt);
    });
    attempts.add(attempt);
  };

  const deliver = async (delivery: ClaimedDelivery) => {
    let outcome: Awaited<ReturnType<Sender['post']>>;
    try {
      const body = bodyOf(delivery);
      const headers = { [signatureHeader]: sign(body, delivery.signature) };
      outcome = await sender.post(delivery.url, body, headers, schedule.timeoutMs);
    } catch (error) {
      outcome = { ok: false, status: null, answer: (error as Error).message };
    }
    if (!running) return;
    const delay = outcome.ok ? undefined : retryDelay(schedule, delivery.attempts);
    const now = Date.now();
    results.push({
      id: delivery.id,
      status: outcome.ok ? 'delivered' : delay === undefined ? 'failed' : 'pending',
      nextAttemptAt: now + (delay ?? 0),
      lastStatus: outcome.status,
      lastAnswer: outcome.answer,
      now: new Date(now).toISOString(),
    });
    flush();
  };

  /** Records finished attempts in one transaction per turn of the event loop, then pumps. */
  const flush = () => {
    if (flushing) return;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const batch = results;
      results = [];
      try {
        await storage.webhooks.settle(batch);
      } catch (error) {
        // The leases lapse and the deliveries are attempted again: at least once, not lost.
        reportOnce(error);
      } finally {
        flushing = undefined;
      }
      if (results.length > 0) flush();
      void pump();
    });
  };

  let reported = false;
  const reportOnce = (error: unknown) => {
    if (reported) return;
    reported = true;
    process.stderr.write(
      `partnero-sandbox: webhook deliveries paused: ${(error as Error).message}\n`,
    );
    setTimeout(() => {
      reported = false;
    }, 10_000).unref();
  };

  // Writes come in bursts: one claim a few milliseconds after the first of them takes them
  // all, instead of one claim per write competing with the writes for the process.
  let soon: NodeJS.Timeout | undefined;
  const pumpSoon = () => {
    soon ??= setTimeout(() => {
      soon = undefined;
      void pump();
    }, WAKE_DELAY_MS);
  };
  const unsubscribe = storage.onOutbox(pumpSoon);
  const timer = setInterval(() => void pump(), options.pollMs);
  timer.unref();
  void pump();

  return {
    wake: pumpSoon,
    async close() {
      running = false;
      clearInterval(timer);
      clearTimeout(soon);
      unsubscribe();
      sender.close();
      await pumping;
      await Promise.allSettled([...attempts]);
      await flushing;
    },
  };
}

/** The one header a delivery carries, which the spec's events describe: the signature. */
function signatureHeaderOf(spec: SpecRuntime): string {
  const names = new Set(
    [...spec.webhooks.values()].flatMap((event) => event.headers.map((h) => h.name)),
  );
  const [name, ...others] = names;
  if (!name || others.length > 0) {
    throw new Error(
      `the sandbox signs deliveries with one header; the spec's events have ${[...names].join(', ') || 'none'}`,
    );
  }
  return name;
}
