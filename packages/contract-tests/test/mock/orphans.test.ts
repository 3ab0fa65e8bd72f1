// No Prism outlives a run: a child vitest run starts Prism through the same global set-up,
// is interrupted mid-test, and the Prism it started must be gone afterwards.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, killChildRun, runChildVitest, waitUntilGone } from '../../src/child-vitest.js';

const scratch = mkdtempSync(join(tmpdir(), 'contract-orphans-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function waitForFile(file: string, timeout: number): Promise<string> {
  const deadline = Date.now() + timeout;
  while (!existsSync(file) || readFileSync(file, 'utf8') === '') {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return readFileSync(file, 'utf8');
}

describe.concurrent('interrupting a run', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops its Prism on ${signal}`, async () => {
      const readyFile = join(scratch, `${signal}.ready`);
      const run = runChildVitest('test/fixtures/interrupt.config.ts', {
        CONTRACT_TESTS_READY_FILE: readyFile,
      });
      try {
        const pid = await run.prismPid;
        // The test itself saw the same Prism: the set-up handed it over before tests ran.
        expect(Number(await waitForFile(readyFile, 150_000))).toBe(pid);
        expect(isRunning(pid)).toBe(true);

        run.process.kill(signal);
        const result = await run.done;
        expect(result.code === 0, 'an interrupted run must not report success').toBe(false);
        expect(await waitUntilGone(pid), `Prism ${pid} still runs`).toBe(true);
        expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      } finally {
        // Should this test fail, it must not leave the processes it started behind either.
        killChildRun(run);
      }
    });
  }
});
