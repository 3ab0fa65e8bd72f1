import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, leaseMs, retryDelay } from '../src/webhooks/schedule.js';
import { sign } from '../src/webhooks/signing.js';

describe('the retry schedule', () => {
  it('doubles from the base, drawn between half and all of it, and stops after the last attempt', () => {
    const low = () => 0;
    const high = () => 1;
    const waits = (random: () => number) =>
      Array.from({ length: DEFAULT_SCHEDULE.attempts }, (_, i) =>
        retryDelay(DEFAULT_SCHEDULE, i + 1, random),
      );
    const doubling = [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000];
    expect(waits(high)).toEqual([...doubling, undefined]);
    expect(waits(low)).toEqual([...doubling.map((ms) => ms / 2), undefined]);
  });

  it('never waits longer than the cap', () => {
    const schedule = { ...DEFAULT_SCHEDULE, attempts: 30 };
    expect(retryDelay(schedule, 20, () => 1)).toBe(schedule.maxMs);
  });

  it('holds a lease longer than an attempt may take', () => {
    expect(leaseMs(DEFAULT_SCHEDULE)).toBeGreaterThan(DEFAULT_SCHEDULE.timeoutMs);
  });
});

describe('signing', () => {
  it('is the hex HMAC-SHA256 of the body keyed with the secret (RFC 4231 test case 2)', () => {
    expect(sign('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
