// The one line an error becomes: recognised by its class, never by its wording.
import { APIConnectionError, MissingApiKeyError, PartneroError } from '@partnero-kit/client';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/errors.js';

describe('describeError', () => {
  it('knows the missing key by its class, whatever the message says', () => {
    expect(describeError(new MissingApiKeyError('no key here'))).toBe(
      'missing API key: pass --api-key or set PARTNERO_API_KEY',
    );
    // Another error that happens to mention a missing key is shown as it is.
    expect(describeError(new PartneroError('Missing API key in the fixture'))).toBe(
      'Missing API key in the fixture',
    );
  });

  it('names the base URL and the socket error of a connection that failed', () => {
    const refused = new APIConnectionError('Could not reach http://127.0.0.1:9', {
      cause: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
    });
    expect(describeError(refused, 'http://127.0.0.1:9')).toBe(
      'cannot reach http://127.0.0.1:9 (ECONNREFUSED) after retries',
    );
    // Without a client's base URL, the client's own message (which names it) is kept.
    expect(describeError(refused)).toBe('Could not reach http://127.0.0.1:9');
  });
});
