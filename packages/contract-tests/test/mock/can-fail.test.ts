// The any-server suite can fail. It runs (as CI would, in a child vitest) against the real
// sandbox, where it must pass, and against the sandbox behind a proxy that breaks four
// behaviours, where exactly the steps meeting a broken behaviour must fail, each with
// Prism's finding.
import { type Sandbox, startSandbox } from '@partnero-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BreakingProxy, startBreakingProxy } from '../../src/breaking-proxy.js';
import {
  type ChildRun,
  type ChildRunResult,
  killChildRun,
  runChildVitest,
  waitUntilGone,
} from '../../src/child-vitest.js';

const TOKEN = 'contract-tests-can-fail-token';

interface SuiteRun {
  result: ChildRunResult;
  prismGone: boolean;
}

let sandbox: Sandbox;
let broken: BreakingProxy;
let runs: Promise<[SuiteRun, SuiteRun]>;
const children: ChildRun[] = [];

async function runServerSuiteAgainst(url: string): Promise<SuiteRun> {
  const run = runChildVitest('vitest.server.config.ts', {
    PARTNERO_BASE_URL: url,
    PARTNERO_API_KEY: TOKEN,
    PARTNERO_PARTNER_KEY: 'partner_ada',
  });
  children.push(run);
  const result = await run.done;
  const prismPid = await run.prismPid;
  return { result, prismGone: await waitUntilGone(prismPid) };
}

beforeAll(async () => {
  // Strict: the sandbox also checks its own answers against the spec.
  sandbox = await startSandbox({ port: 0, memory: true, strict: true });
  broken = await startBreakingProxy(sandbox.url, [
    'wrong-types',
    'missing-envelope',
    'wrong-status',
    'transactions-bare-array',
  ]);
  // Both runs at once: each is a whole vitest process with its own Prism. Each run's
  // customer has its own key, so they do not meet in the one sandbox.
  runs = Promise.all([runServerSuiteAgainst(sandbox.url), runServerSuiteAgainst(broken.url)]);
});

afterAll(async () => {
  children.forEach(killChildRun);
  await broken?.stop();
  await sandbox?.close();
});

function outcomes(result: ChildRunResult): Record<string, { status: string; failure: string }> {
  const all = result.report?.testResults.flatMap((file) => file.assertionResults) ?? [];
  return Object.fromEntries(
    all.map((test) => [
      test.title,
      { status: test.status, failure: test.failureMessages.join('\n') },
    ]),
  );
}

describe('the any-server suite', () => {
  it('passes every step of a customer life cycle against the sandbox', async () => {
    const [{ result, prismGone }] = await runs;
    expect(result.report, result.stderr).toBeDefined();
    expect(result.report?.numFailedTests, JSON.stringify(outcomes(result), null, 2)).toBe(0);
    expect(result.report?.numPassedTests).toBeGreaterThanOrEqual(7);
    expect(result.code).toBe(0);
    expect(prismGone, 'its Prism stopped after the run').toBe(true);
  });

  it('fails at each step whose behaviour the proxy breaks, and only there', async () => {
    const [, { result, prismGone }] = await runs;
    expect(result.code).not.toBe(0);
    const tests = outcomes(result);
    const failed = Object.keys(tests).filter((title) => tests[title]?.status === 'failed');
    expect(failed.sort(), JSON.stringify(tests, null, 2)).toEqual(
      [
        'retrieves it by key',
        'finds it in the list of its partner',
        'lists its transactions',
        'deletes it',
      ].sort(),
    );
    // Each failure carries what Prism found wrong with the answer.
    expect(tests['retrieves it by key']?.failure).toMatch(/data\.deleted must be boolean/);
    expect(tests['retrieves it by key']?.failure).toMatch(/data\.created_at must be string/);
    expect(tests['finds it in the list of its partner']?.failure).toMatch(
      /Response body must be object/,
    );
    expect(tests['lists its transactions']?.failure).toMatch(/Response body must be object/);
    expect(tests['deletes it']?.failure).toMatch(/Unable to match the returned status code/);
    // The steps the proxy leaves alone still pass: the failures are the breaks, not noise.
    for (const title of ['creates it', 'finds it by email', 'updates it']) {
      expect(tests[title]?.status, title).toBe('passed');
    }
    expect(prismGone, 'its Prism stopped although tests failed').toBe(true);
  });
});
