// Global set-up of the any-server suite: Prism as a validating proxy (`--errors`) in front of
// PARTNERO_BASE_URL, so every answer of the real server is checked against the spec.
import type { TestProject } from 'vitest/node';
import { runPrismForSuite } from './prism-lifecycle.js';
import './target.js';

function required(name: string, purpose: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is not set: the any-server suite needs ${purpose}.`);
  return value;
}

export default function setup(project: TestProject) {
  const upstream = required('PARTNERO_BASE_URL', 'the URL of the server to test');
  if (!/^https?:\/\//.test(upstream)) {
    throw new Error(`PARTNERO_BASE_URL must be an http(s) URL (got ${JSON.stringify(upstream)}).`);
  }
  const apiKey = required('PARTNERO_API_KEY', "an API key of that server's program");
  return runPrismForSuite(
    project,
    { mode: 'proxy', upstream: upstream.replace(/\/+$/, ''), errors: true },
    {
      mode: 'server',
      apiKey,
      partnerKey: process.env.PARTNERO_PARTNER_KEY?.trim() || 'partner_ada',
    },
  );
}
