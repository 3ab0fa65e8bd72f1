import { describe, expect, it } from 'vitest';
import { parseFault } from '../src/http/faults.js';

describe('the Sandbox-Fault header', () => {
  it('is no fault when absent', () => {
    expect(parseFault(undefined)).toBeUndefined();
  });

  it('reads each part, separated by ; or , with spaces around', () => {
    expect(parseFault('status=429; retry-after=2 , latency=250')).toEqual({
      reset: false,
      latency: 250,
      status: 429,
      retryAfter: '2',
      invalid: [],
    });
    expect(parseFault('reset')).toMatchObject({ reset: true, invalid: [] });
  });

  it('joins a header sent more than once', () => {
    expect(parseFault(['latency=5', 'status=500'])).toMatchObject({ latency: 5, status: 500 });
  });

  it('caps the latency at a minute', () => {
    expect(parseFault('latency=999999')?.latency).toBe(60_000);
  });

  it('keeps every part it does not understand, as written, so the reply can name it', () => {
    expect(
      parseFault('status=5000;latency=-1;reset=yes;retry-after=soon;teapot;status=abc')?.invalid,
    ).toEqual([
      'status=5000',
      'latency=-1',
      'reset=yes',
      'retry-after=soon',
      'teapot',
      'status=abc',
    ]);
  });

  it('ignores empty parts', () => {
    expect(parseFault(' ;; , ')).toEqual({ reset: false, latency: 0, invalid: [] });
  });
});
