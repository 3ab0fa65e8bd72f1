import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxSetupError, startSandbox } from '../src/index.js';
import { loadSpec } from '../src/spec.js';

// Every way a sandbox can fail to start because of what it was given is a SandboxSetupError,
// so a caller (the CLI among them) can tell "fix your set-up" from a fault of the sandbox.

const folder = mkdtempSync(join(tmpdir(), 'sandbox-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Tree = { [key: string]: Tree };

/** The bundled spec without the example of one answer, as a changed copy might be. */
function specWithoutExample(path: string, method: string, status: string) {
  const document = structuredClone(loadSpec().document) as unknown as Tree;
  const responses = document.paths?.[path]?.[method]?.responses;
  const answer = responses?.[status];
  const ref = answer?.$ref as unknown as string | undefined;
  const resolved = ref ? document.components?.responses?.[ref.split('/').pop() ?? ''] : answer;
  const schema = resolved?.content?.['application/json']?.schema;
  if (!responses || !resolved || !schema) throw new Error(`no ${status} at ${method} ${path}`);
  responses[status] = { ...resolved, content: { 'application/json': { schema } } };
  return loadSpec(document as unknown as Parameters<typeof loadSpec>[0]);
}

describe('a set-up that cannot work', () => {
  it.each([
    [
      'memory with a database URL',
      { memory: true, databaseUrl: 'postgres://x' },
      /cannot be combined/,
    ],
    ['a seed entry without apiKey', { memory: true, seed: [{} as never] }, /needs an "apiKey"/],
    [
      'a seed the spec refuses',
      { memory: true, seed: { apiKey: 'k', customers: [{ key: 'c' }] } },
      /invalid seed: customers\.0\.partner/,
    ],
    [
      'a spec whose 404 has no example',
      { memory: true, spec: specWithoutExample('/v1/customers/{key}', 'get', '404') },
      /the spec gives getCustomer no example of its 404 answer/,
    ],
  ])('refuses %s with a SandboxSetupError naming the problem', async (_, options, message) => {
    const failure = await startSandbox({ port: 0, ...options }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SandboxSetupError);
    expect((failure as Error).message).toMatch(message);
  });

  it('names a seed file that is not JSON, and keeps ENOENT for one that is missing', async () => {
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{ "apiKey": ');
    const failure = await startSandbox({ port: 0, memory: true, seed: broken }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(SandboxSetupError);
    expect((failure as Error).message).toContain(`seed file ${broken} is not valid JSON`);

    const missing = await startSandbox({
      port: 0,
      memory: true,
      seed: join(folder, 'missing.json'),
    }).catch((e: unknown) => e);
    expect((missing as { code?: string }).code).toBe('ENOENT');
  });
});
