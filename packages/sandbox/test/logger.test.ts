import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxLogger } from '../src/index.js';
import { StorageUnavailable } from '../src/storage/types.js';
import { apiFor } from './support/sandbox.js';
import { failingStorage, serveOver } from './support/stand-in.js';

// Failures inside the sandbox go to the logger it was given, not to stderr. The storage is a
// stand-in whose every call fails the way the test names; the server around it is real.

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: keyof SandboxLogger; message: string }[] = [];
  const logger: SandboxLogger = {
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
  return { logger, lines };
}

describe('the logger option', () => {
  const { logger, lines } = recordingLogger();
  let failure: () => Error = () => new Error('unset');
  let served: Awaited<ReturnType<typeof serveOver>>;
  let url: string;
  beforeAll(async () => {
    served = await serveOver(
      failingStorage(() => failure()),
      { logger },
    );
    url = served.url;
  });
  afterAll(() => served?.close());
  afterEach(() => {
    lines.length = 0;
    vi.restoreAllMocks();
  });

  it('gets a storage out of reach as one warning line, and stderr gets nothing', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    failure = () => new StorageUnavailable('connect ECONNREFUSED 127.0.0.1:5432');
    const answer = await apiFor(url).call('GET', '/v1/customers/k');
    expect(answer.status).toBe(500);
    expect(lines).toEqual([
      { level: 'warn', message: 'storage unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
    ]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('gets any other failure as an error with its stack', async () => {
    failure = () => new TypeError('a bug in a handler');
    const answer = await apiFor(url).call('POST', '/v1/customers/k/suspend');
    expect(answer.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.message).toMatch(/^TypeError: a bug in a handler\n\s+at /);
  });
});
