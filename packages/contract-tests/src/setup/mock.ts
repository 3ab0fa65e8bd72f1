// Global set-up of the default suite: a Prism mock of the bundled spec.
import type { TestProject } from 'vitest/node';
import { runPrismForSuite } from './prism-lifecycle.js';
import './target.js';

/** Any bearer token satisfies the mock; this one only has to look like a token. */
const MOCK_TOKEN = 'contract-tests-mock-token';

export default function setup(project: TestProject) {
  return runPrismForSuite(
    project,
    { mode: 'mock' },
    { mode: 'mock', apiKey: MOCK_TOKEN, partnerKey: 'partner_ada' },
  );
}
