// The code samples are real programs: each TypeScript sample runs with tsx and each curl
// sample runs in a shell, against a Prism mock of the spec. A request that breaks the spec
// gets an error from Prism, and the sample exits non-zero.
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { type RunningPrism, startPrism } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSamplesOf, samplePath, serverOf } from '../scripts/lib/code-samples.js';
import { packageDir, samplesDir } from '../scripts/lib/paths.js';
import { builtSpec, operations, runToEnd, tsxBin } from './helpers.js';

/** What each sample prints, given the examples Prism answers with. */
const EXPECTED_OUTPUT: Record<string, RegExp> = {
  listCustomers:
    /^cus_1002 grace@example\.com\ncus_1001 ada@example\.com\nThe next page holds 2 more\n$/,
  createCustomer: /^Created cus_1001, referred by partner_ada\n$/,
  updateCustomerByReference: /^Updated cus_1001\n$/,
  deleteCustomerByReference: /^Deleted the customer ada@example\.com\n$/,
  searchCustomers: /^ada@example\.com is customer cus_1001\n$/,
  getCustomer: /^cus_1001: Ada Lovelace <ada@example\.com>\n$/,
  updateCustomer: /^Updated cus_1001: Ada Lovelace\n$/,
  deleteCustomer: /^Deleted cus_1001\n$/,
  suspendCustomer: /^Suspended cus_1001\n$/,
  approveCustomer: /^Approved cus_1001\n$/,
  listCustomerTransactions: /^transaction_123 sale 99\.99 usd\n$/,
  listWebhooks:
    /^wh_customers → https:\/\/example\.com\/partnero\/webhooks \(customer\.created, customer\.updated, customer\.deleted\), active\n$/,
  createWebhook: /^Created wh_customers; store its signing secret securely\n$/,
  getWebhook: /^wh_customers: Customer sync → https:\/\/example\.com\/partnero\/webhooks\n$/,
  updateWebhook: /^Updated wh_customers\n$/,
  deleteWebhook: /^Deleted webhook wh_customers\n$/,
};

const API_KEY = 'docs-test-key';
let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism();
});

afterAll(async () => {
  await prism?.stop();
});

function runSample(operationId: string, env: NodeJS.ProcessEnv) {
  return runToEnd(tsxBin, [samplePath(samplesDir, operationId)], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('TypeScript samples against Prism', () => {
  it('every operation has an expected output here', () => {
    expect(Object.keys(EXPECTED_OUTPUT).sort()).toEqual(operations.map((e) => e.id).sort());
  });

  it.each(operations.map((entry) => [entry.id]))('samples/%s.ts runs', async (operationId) => {
    const run = await runSample(operationId, {
      PARTNERO_API_KEY: API_KEY,
      PARTNERO_BASE_URL: prism.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(EXPECTED_OUTPUT[operationId] ?? /^$/);
  });

  it('a sample exits non-zero, without printing the key, when the API answers an error', async () => {
    // Under an unknown prefix Prism answers 404 to everything; create does not catch that.
    const run = await runSample('createCustomer', {
      PARTNERO_API_KEY: API_KEY,
      PARTNERO_BASE_URL: `${prism.url}/no-such-prefix`,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/404/);
    expect(run.stderr + run.stdout).not.toContain(API_KEY);
  });

  it('a sample fails with a clear message when no API key is configured', async () => {
    const run = await runSample('getCustomer', { PARTNERO_BASE_URL: prism.url });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('PARTNERO_API_KEY');
  });
});

describe('curl samples against Prism', () => {
  let built: SpecRuntime;
  beforeAll(() => {
    built = builtSpec();
  });

  it.each(operations.map((entry) => [entry.id]))(
    'the curl sample of %s runs',
    async (operationId) => {
      const curl = codeSamplesOf(built.operation(operationId)).find(
        (sample) => sample.label === 'curl',
      )?.source;
      const server = serverOf(built);
      expect(curl).toContain(`'${server}/`);
      // Same command, pointed at the mock, and failing on an HTTP error status.
      const command = `${curl?.replace(`'${server}/`, `'${prism.url}/`)} --fail-with-body --silent --show-error`;
      const run = await runToEnd('sh', ['-c', command], {
        env: { PATH: process.env.PATH, PARTNERO_API_KEY: API_KEY },
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 1 });
    },
  );
});
