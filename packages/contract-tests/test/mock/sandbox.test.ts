// The any-server suite, pointed at partnero-kit's own stateful sandbox (strict mode, so
// the sandbox also checks its answers), passes through Prism's validating proxy: the
// sandbox keeps the same contract as the spec, the client and the mock.
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildRun,
  killChildRun,
  runChildVitest,
  waitUntilGone,
} from '../../src/child-vitest.ts';

let sandbox: Sandbox;
let run: ChildRun;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, strict: true });
  run = runChildVitest('vitest.server.config.ts', {
    PARTNERO_BASE_URL: sandbox.url,
    PARTNERO_API_KEY: 'contract-tests-sandbox-token',
    PARTNERO_PARTNER_KEY: 'partner_ada',
  });
});

afterAll(async () => {
  if (run) killChildRun(run);
  await sandbox?.close();
});

describe('the any-server suite against the sandbox', () => {
  it('passes every step of a customer life cycle', async () => {
    const result = await run.done;
    const failures = (result.report?.testResults ?? [])
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.status !== 'passed')
      .map((test) => `${test.title}: ${test.failureMessages.join('\n')}`);
    expect(result.report, result.stderr).toBeDefined();
    expect(failures).toEqual([]);
    expect(result.report?.numPassedTests).toBeGreaterThanOrEqual(7);
    expect(result.code).toBe(0);
    expect(await waitUntilGone(await run.prismPid), 'its Prism stopped after the run').toBe(true);
  });
});
