// The request log keeps each program's last 200 requests, oldest first, and redacts the
// token only when read.
import { describe, expect, it } from 'vitest';
import { RequestLog } from '../src/http/request-log.js';

const entry = (n: number) => ({
  method: 'GET',
  url: `/v1/customers/c${n}`,
  headers: { authorization: 'Bearer secret-token' },
  body: null,
  status: 200,
  at: '2026-01-01T00:00:00.000Z',
});

describe('RequestLog', () => {
  it('lists the last 200 requests of a program, oldest first, at any count', () => {
    const log = new RequestLog();
    for (let n = 1; n <= 450; n++) {
      log.record('p', entry(n));
      if (n === 150 || n === 399 || n === 450) {
        const urls = log.list('p').map((e) => e.url);
        const first = Math.max(1, n - 199);
        expect(urls).toHaveLength(n - first + 1);
        expect(urls[0]).toBe(`/v1/customers/c${first}`);
        expect(urls.at(-1)).toBe(`/v1/customers/c${n}`);
      }
    }
  });

  it('keeps programs apart and redacts the token', () => {
    const log = new RequestLog();
    log.record('a', entry(1));
    expect(log.list('b')).toEqual([]);
    expect(log.list('a')[0]?.headers.authorization).toBe('Bearer [redacted]');
  });
});
