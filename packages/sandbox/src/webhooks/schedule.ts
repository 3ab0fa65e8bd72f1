/**
 * When a failed delivery is tried again. Partnero says only "exponential backoff"; the sandbox
 * waits `baseMs` after the first failure, doubling each time up to `maxMs`, each wait drawn
 * between half and all of that ("equal jitter", so retries of many deliveries spread out),
 * and gives up after `attempts` attempts. The defaults are in the README.
 */
export interface RetrySchedule {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** How long one attempt may take before it counts as failed (Partnero asks for 5 s). */
  timeoutMs: number;
}

export const DEFAULT_SCHEDULE: RetrySchedule = {
  attempts: 8,
  baseMs: 10_000,
  maxMs: 3_600_000,
  timeoutMs: 5_000,
};

/** The wait after failed attempt number `attempt` (from 1), or undefined after the last. */
export function retryDelay(
  schedule: RetrySchedule,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= schedule.attempts) return undefined;
  const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long a process holds a delivery it is attempting: longer than an attempt may take, so
 * no other process starts it meanwhile, and short enough that a killed process's deliveries
 * are taken up again soon after.
 */
export const leaseMs = (schedule: RetrySchedule) => 2 * schedule.timeoutMs + 1_000;
