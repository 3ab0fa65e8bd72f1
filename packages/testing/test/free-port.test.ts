import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ephemeralStart, freePort } from '../src/free-port.js';

describe('freePort', () => {
  it('gives a bindable port below the range the kernel hands out by itself', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(ephemeralStart());
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes over a port that is in use', async () => {
    const held = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(held, '127.0.0.1', () => resolve()));
    // The first draw lands on the held port, the second anywhere else.
    const span = ephemeralStart() - 10_000;
    const draws = [(held - 10_000 + 0.5) / span, 0.5];
    const random = vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.25);
    try {
      const port = await freePort();
      expect(random).toHaveBeenCalledTimes(2);
      expect(port).not.toBe(held);
    } finally {
      random.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
