// What the CLI (and any other program) imports to follow the client's own retry rules.
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  backoffMs,
  isRetryableError,
  isRetryableStatus,
  MAX_PAGE_SIZE,
  MissingApiKeyError,
  Partnero,
  PartneroError,
  retryAfterMs,
} from '../src/index.js';

const apiError = (status: number) =>
  new APIError(status, `HTTP ${status}`, undefined, new Headers());
const refused = new APIConnectionError('refused', {
  cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
});
const reset = new APIConnectionError('reset', { cause: new TypeError('fetch failed') });

describe('the exported retry rules', () => {
  it('keep their signatures', () => {
    expect(isRetryableStatus(503, true)).toBe(true);
    expect(isRetryableStatus(503, false)).toBe(false);
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), 0)).toBe(2000);
  });

  it.each([
    ['a 503 of an idempotent call', apiError(503), true, true],
    ['a 501', apiError(501), true, false],
    ['a 503 of a create', apiError(503), false, false],
    ['a 429 of a create', apiError(429), false, true],
    ['a 422', apiError(422), true, false],
    ['a timeout of an idempotent call', new APITimeoutError('t'), true, true],
    ['a timeout of a create', new APITimeoutError('t'), false, false],
    ['a reset of a create', reset, false, false],
    ['a refused connection of a create', refused, false, true],
    ['the caller abort', new APIUserAbortError('a'), true, false],
    ['an argument error', new PartneroError('bad'), true, false],
    ['a plain Error', new Error('x'), true, false],
  ])('isRetryableError: %s → %s', (_name, error, idempotent, expected) => {
    expect(isRetryableError(error, idempotent)).toBe(expected);
  });

  it('MAX_PAGE_SIZE is exported', () => {
    expect(MAX_PAGE_SIZE).toBe(250);
  });

  it('a missing key is a MissingApiKeyError, a PartneroError', () => {
    const previous = process.env.PARTNERO_API_KEY;
    delete process.env.PARTNERO_API_KEY;
    try {
      expect(() => new Partnero()).toThrow(MissingApiKeyError);
      expect(() => new Partnero()).toThrow(PartneroError);
    } finally {
      if (previous !== undefined) process.env.PARTNERO_API_KEY = previous;
    }
  });
});
