import { Partnero } from '@partnero-kit/client';
import { createRecorder, type Recorder } from './recorder.js';
import type { ContractTarget } from './setup/target.js';

/**
 * A client aimed at the suite's Prism, with a recording fetch and no retries: a 429 or 500
 * must surface as its error class instead of being retried away.
 */
export function contractClient(target: ContractTarget): { partnero: Partnero; recorder: Recorder } {
  const recorder = createRecorder();
  const partnero = new Partnero({
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
    maxRetries: 0,
    timeout: 10_000,
    fetch: recorder.fetch,
  });
  return { partnero, recorder };
}
