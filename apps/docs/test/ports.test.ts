import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, PortInUseError, portFromEnv, StartupError } from '../scripts/lib/ports.js';

describe('portFromEnv', () => {
  it('uses the fallback when the variable is unset or empty', () => {
    expect(portFromEnv('DOCS_PORT', 8080, {})).toBe(8080);
    expect(portFromEnv('DOCS_PORT', 8080, { DOCS_PORT: ' ' })).toBe(8080);
  });

  it('reads a valid port', () => {
    expect(portFromEnv('DOCS_PORT', 8080, { DOCS_PORT: '9000' })).toBe(9000);
  });

  it.each(['abc', '0', '65536', '80.5', '-1'])(
    'rejects %j naming the variable and the rule',
    (value) => {
      expect(() => portFromEnv('API_PORT', 4010, { API_PORT: value })).toThrow(
        new StartupError(
          `API_PORT must be a port number from 1 to 65535 (got ${JSON.stringify(value)})`,
        ),
      );
    },
  );
});

describe('assertPortFree', () => {
  it('passes for a free port and names the variable of a taken one', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await assertPortFree(port, '127.0.0.1', 'DOCS_PORT').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toBe(
        `Port ${port} on 127.0.0.1 (DOCS_PORT) is already in use. Stop the program that uses it, or choose another port, e.g. DOCS_PORT=${port + 1}.`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined();
  });
});
