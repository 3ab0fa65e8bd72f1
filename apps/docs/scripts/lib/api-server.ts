// The API half of `npm start`. Anything with this shape can serve it: today a Prism mock
// that answers from the spec's examples; later the stateful sandbox
// (`startSandbox({ port, host })` of @partnero-kit/sandbox) fits without other changes.
import { startPrism } from '@partnero-kit/testing';

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
