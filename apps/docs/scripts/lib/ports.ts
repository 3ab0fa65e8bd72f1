import { createServer } from 'node:net';

/** A problem with how the program was started, reported without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export class PortInUseError extends StartupError {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly variable?: string,
  ) {
    super(
      `Port ${port} on ${host}${variable ? ` (${variable})` : ''} is already in use. ` +
        `Stop the program that uses it, or choose another port${variable ? `, e.g. ${variable}=${port + 1}` : ''}.`,
    );
  }
}

/** Reads a TCP port from an environment variable, or returns the fallback when unset. */
export function portFromEnv(
  variable: string,
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535) {
    throw new StartupError(
      `${variable} must be a port number from 1 to 65535 (got ${JSON.stringify(text)})`,
    );
  }
  return port;
}

/** Resolves when the port can be bound on the host; rejects with PortInUseError if not. */
export function assertPortFree(port: number, host: string, variable?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host, variable) : error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
