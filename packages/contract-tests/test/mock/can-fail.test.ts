// The any-server suite can fail: run it (as CI would, in a child vitest) against a server
// that keeps the contract, where it must pass, and against one that breaks it in three
// ways, where exactly the steps meeting a defect must fail, each with Prism's finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildRun,
  type ChildRunResult,
  killChildRun,
  runChildVitest,
  waitUntilGone,
} from '../../src/child-vitest.ts';
import { type RunningFakeServer, startFakeServer } from '../../src/fake-server.ts';

const TOKEN = 'contract-tests-fake-token';

interface SuiteRun {
  result: ChildRunResult;
  prismGone: boolean;
}

let correct: RunningFakeServer;
let wrong: RunningFakeServer;
let runs: Promise<[SuiteRun, SuiteRun]>;
const children: ChildRun[] = [];

async function runServerSuiteAgainst(server: RunningFakeServer): Promise<SuiteRun> {
  const run = runChildVitest('vitest.server.config.ts', {
    PARTNERO_BASE_URL: server.url,
    PARTNERO_API_KEY: TOKEN,
    PARTNERO_PARTNER_KEY: 'partner_ada',
  });
  children.push(run);
  const result = await run.done;
  const prismPid = await run.prismPid;
  return { result, prismGone: await waitUntilGone(prismPid) };
}

beforeAll(async () => {
  correct = await startFakeServer({ token: TOKEN });
  wrong = await startFakeServer({
    token: TOKEN,
    defects: ['wrong-types', 'missing-envelope', 'wrong-status'],
  });
  // Both runs at once: each is a whole vitest process with its own Prism.
  runs = Promise.all([runServerSuiteAgainst(correct), runServerSuiteAgainst(wrong)]);
});

afterAll(async () => {
  children.forEach(killChildRun);
  await Promise.all([correct?.stop(), wrong?.stop()]);
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
  it('passes against a server that keeps the contract', async () => {
    const [{ result, prismGone }] = await runs;
    expect(result.report, result.stderr).toBeDefined();
    expect(result.report?.numFailedTests, JSON.stringify(outcomes(result), null, 2)).toBe(0);
    expect(result.report?.numPassedTests).toBeGreaterThanOrEqual(7);
    expect(result.code).toBe(0);
    expect(prismGone, 'its Prism stopped after the run').toBe(true);
  });

  it('fails against a server that breaks the contract, at each broken step', async () => {
    const [, { result, prismGone }] = await runs;
    expect(result.code).not.toBe(0);
    const tests = outcomes(result);
    const failed = Object.keys(tests).filter((title) => tests[title]?.status === 'failed');
    expect(failed.sort()).toEqual(
      ['retrieves it by key', 'finds it in the list of its partner', 'deletes it'].sort(),
    );
    // Each failure carries what Prism found wrong with the answer.
    expect(tests['retrieves it by key']?.failure).toMatch(/data\.deleted must be boolean/);
    expect(tests['retrieves it by key']?.failure).toMatch(/data\.created_at must be string/);
    expect(tests['finds it in the list of its partner']?.failure).toMatch(
      /Response body must be object/,
    );
    expect(tests['deletes it']?.failure).toMatch(/Unable to match the returned status code/);
    // The steps the defects do not touch still pass: the failures are the defects, not noise.
    expect(tests['creates it']?.status).toBe('passed');
    expect(tests['updates it']?.status).toBe('passed');
    expect(prismGone, 'its Prism stopped although tests failed').toBe(true);
  });
});
