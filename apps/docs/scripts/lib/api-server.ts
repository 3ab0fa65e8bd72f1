// The API half of `npm start`: the stateful sandbox by default, or the stateless Prism mock.
// Both have the same shape, so start.ts only chooses one.
import { SandboxSetupError, startSandbox } from '@partnero-kit/sandbox';
import { startPrism } from '@partnero-kit/testing';
import { StartupError } from './ports.js';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  port: number;
  host: string;
}

export type StartApiServer = (options: ApiServerOptions) => Promise<ApiServer>;

/** Prism mocking the bundled spec. Prism always listens on 127.0.0.1. */
export const startMockApi: StartApiServer = async ({ port, host }) => {
  if (host !== '127.0.0.1')
    throw new Error(`the Prism mock listens on 127.0.0.1 only, not ${host}`);
  const prism = await startPrism({ port });
  return { url: prism.url, close: () => prism.stop() };
};

/** The sandbox of @partnero-kit/sandbox, keeping its data in `dataDir` across restarts. */
export function sandboxStarter(dataDir: string): StartApiServer {
  return async ({ port, host }) => {
    try {
      const sandbox = await startSandbox({ port, host, dataDir });
      return { url: sandbox.url, close: () => sandbox.close() };
    } catch (error) {
      // A missing native build of better-sqlite3 is a set-up problem: one line, no stack.
      if (error instanceof SandboxSetupError) throw new StartupError(error.message);
      throw error;
    }
  };
}
