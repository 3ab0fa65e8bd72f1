// One real sandbox on 127.0.0.1 per test file, in memory and strict (every answer checked
// against the spec).
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll } from 'vitest';

/** One sandbox for the test file, started before its tests and closed after them. */
export function useSandbox(): Sandbox {
  const holder = {} as Sandbox;
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, memory: true, strict: true });
    Object.defineProperties(holder, {
      url: { get: () => sandbox?.url },
      port: { get: () => sandbox?.port },
    });
  });
  afterAll(() => sandbox?.close());
  return holder;
}
