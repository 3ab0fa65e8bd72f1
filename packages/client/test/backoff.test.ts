// The retry rules as pure functions, and the real backoff schedule under fake timers. The
// schedule test mocks `fetch` (a unit test of the retry loop); everything else in the suite
// talks to real servers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffMs,
  isRetryableStatus,
  neverReachedServer,
  retryAfterFailure,
  retryAfterMs,
  retryAfterResponse,
} from '../src/core/retry.js';
import { Partnero } from '../src/index.js';
import { TOKEN } from './helpers/server.js';

describe('backoffMs', () => {
  it('starts at 0.5 s, doubles, and stops growing at 8 s', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 9].map((retry) => backoffMs(retry, noJitter))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
  });

  it('takes off at most 25 % as jitter', () => {
    expect(backoffMs(0, () => 0.999999)).toBeCloseTo(375, 0);
    expect(backoffMs(4, () => 0.5)).toBe(7_000);
    for (let i = 0; i < 200; i++) {
      const wait = backoffMs(1);
      expect(wait).toBeGreaterThan(750);
      expect(wait).toBeLessThanOrEqual(1_000);
    }
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const read = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now);

  it('reads retry-after-ms first, then Retry-After seconds or an HTTP date', () => {
    expect(read({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(read({ 'retry-after': '3' })).toBe(3_000);
    expect(read({ 'retry-after': '0' })).toBe(0);
    expect(read({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' })).toBe(30_000);
    expect(read({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' })).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(read({})).toBeNull();
    expect(read({ 'retry-after': 'soon' })).toBeNull();
    expect(read({ 'retry-after-ms': 'x' })).toBeNull();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx gateway statuses for safe requests', () => {
    const retried = [400, 401, 403, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504].filter(
      (status) => isRetryableStatus(status, true),
    );
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it('retries only 429 for create', () => {
    expect([408, 429, 500, 502, 503, 504].filter((s) => isRetryableStatus(s, false))).toEqual([
      429,
    ]);
  });
});

describe('neverReachedServer', () => {
  const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: { code } });

  it('is true only for refused connections and DNS failures', () => {
    expect(neverReachedServer(fetchFailed('ECONNREFUSED'))).toBe(true);
    expect(neverReachedServer(fetchFailed('ENOTFOUND'))).toBe(true);
    expect(neverReachedServer(fetchFailed('EAI_AGAIN'))).toBe(true);
    expect(neverReachedServer(fetchFailed('ECONNRESET'))).toBe(false);
    expect(neverReachedServer(fetchFailed('UND_ERR_SOCKET'))).toBe(false);
    expect(neverReachedServer(new TypeError('fetch failed'))).toBe(false);
    expect(neverReachedServer(undefined)).toBe(false);
  });
});

describe('retryAfterResponse', () => {
  const state = { attempt: 1, maxRetries: 2, idempotent: true };
  const decide = (status: number, headers: Record<string, string> = {}, over = {}) =>
    retryAfterResponse(status, new Headers(headers), { ...state, ...over });

  it('waits what the server asks for, up to 60 s, else gives up at once', () => {
    expect(decide(503, { 'retry-after': '2' })).toEqual({ retry: true, delayMs: 2_000 });
    expect(decide(429, { 'retry-after': '60' })).toEqual({ retry: true, delayMs: 60_000 });
    expect(decide(429, { 'retry-after': '61' })).toEqual({ retry: false });
  });

  it('backs off when the server does not say, and stops when retries are used up', () => {
    const decision = decide(503);
    expect(decision.retry && decision.delayMs).toBeGreaterThan(375 - 1);
    expect(decide(503, {}, { attempt: 3 })).toEqual({ retry: false });
    expect(decide(404)).toEqual({ retry: false });
    expect(decide(503, {}, { idempotent: false })).toEqual({ retry: false });
  });
});

describe('retryAfterFailure', () => {
  const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  const reset = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
  const state = { attempt: 1, maxRetries: 1, idempotent: false };

  it('retries create only when the request provably never reached the server', () => {
    expect(retryAfterFailure({ timedOut: false, error: refused }, state).retry).toBe(true);
    expect(retryAfterFailure({ timedOut: false, error: reset }, state).retry).toBe(false);
    expect(retryAfterFailure({ timedOut: true, error: undefined }, state).retry).toBe(false);
  });

  it('retries other requests after any failure until retries are used up', () => {
    const safe = { ...state, idempotent: true };
    expect(retryAfterFailure({ timedOut: true, error: undefined }, safe).retry).toBe(true);
    expect(retryAfterFailure({ timedOut: false, error: reset }, { ...safe, attempt: 2 })).toEqual({
      retry: false,
    });
  });
});

describe('the backoff schedule of the client (fake timers, mocked fetch)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits 0.5, 1, 2 and 4 s between five attempts', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = vi.fn(async () => new Response('{"message":"busy"}', { status: 503 }));
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: 'http://unit.test',
      fetch,
      maxRetries: 4,
    });
    const outcome = partnero.customers.retrieve('c1').catch((error: unknown) => error);
    const callsAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return fetch.mock.calls.length;
    };
    expect(await callsAfter(0)).toBe(1);
    expect(await callsAfter(499)).toBe(1);
    expect(await callsAfter(1)).toBe(2);
    expect(await callsAfter(999)).toBe(2);
    expect(await callsAfter(1)).toBe(3);
    expect(await callsAfter(1_999)).toBe(3);
    expect(await callsAfter(1)).toBe(4);
    expect(await callsAfter(3_999)).toBe(4);
    expect(await callsAfter(1)).toBe(5);
    expect(await outcome).toMatchObject({ status: 503 });
    expect(fetch).toHaveBeenCalledTimes(5);
  });
});
