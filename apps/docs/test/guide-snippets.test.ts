// The getting-started guide (the spec's info.description) shows TypeScript too. Those
// snippets are typechecked against the client here, so the guide cannot drift from it.
// Only the sandbox example is also run (against a real sandbox): the others need a program
// with data, and the pagination one would walk the mock's endless pages.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../scripts/lib/paths.js';
import { bundledSpec, runToEnd, tsxBin } from './helpers.js';
import { typeErrors, typescriptBlocks, writeSnippets } from './snippets.js';

function guideSnippets(): string[] {
  return typescriptBlocks(
    String((bundledSpec().info as { description?: string }).description ?? ''),
  );
}

describe('TypeScript in the getting-started guide', () => {
  const snippets = guideSnippets();

  it('has the install-to-first-call, error and pagination snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.some((snippet) => snippet.includes('partnero.customers.create('))).toBe(true);
  });

  it('typechecks against the client', () => {
    expect(typeErrors(writeSnippets('guide-snippets', snippets))).toBe('');
  });

  it('would catch a snippet that calls the client wrongly', () => {
    const [broken = ''] = writeSnippets('guide-snippets-broken', [
      "await partnero.customers.retrieve({ name: 'Ada' });\n",
    ]);
    expect(typeErrors([broken])).toContain('snippet-1.ts');
  });
});

describe('the sandbox example of the getting-started guide', () => {
  const SANDBOX_URL = "'http://127.0.0.1:4010'";
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, memory: true, strict: true });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('creates a customer, reads it back, and fails on a second run', async () => {
    const snippet = guideSnippets().find((text) => text.includes(`baseUrl: ${SANDBOX_URL}`));
    expect(snippet, `no guide snippet sets baseUrl: ${SANDBOX_URL}`).toBeDefined();
    // The same program, pointed at this test's sandbox instead of the one `npm start` runs.
    const dir = join(packageDir, 'test-output', 'guide-snippets-sandbox');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'sandbox-example.ts');
    writeFileSync(file, String(snippet).replace(SANDBOX_URL, `'${sandbox.url}'`));
    const run = () =>
      runToEnd(tsxBin, [file], { cwd: packageDir, env: { PATH: process.env.PATH } });

    const first = await run();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("key: 'cus_1001'");
    expect(first.stdout).toContain("partner: 'partner_ada'");

    const second = await run();
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('ValidationError');
    expect(second.stderr).toContain('The key has already been taken.');
  });
});
