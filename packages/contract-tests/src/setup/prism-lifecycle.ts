// Runs one Prism for the whole suite and makes sure it never outlives the run: it is stopped
// on teardown, when vitest is interrupted (SIGINT/SIGTERM) and when the process exits early.
import { constants } from 'node:os';
import { type PrismOptions, startPrism } from '@partnero-kit/testing';
import type { TestProject } from 'vitest/node';
import type { ContractTarget } from './target.js';

export async function runPrismForSuite(
  project: TestProject,
  prismOptions: PrismOptions,
  target: Omit<ContractTarget, 'baseUrl' | 'prismPid'>,
): Promise<() => Promise<void>> {
  const prismStart = performance.now();
  // Prism answers within a few seconds on an idle machine; the margin is for loaded CI hosts.
  const prism = await startPrism({ startTimeout: 60_000, ...prismOptions });
  const prismSeconds = (performance.now() - prismStart) / 1000;
  // Only the origin of the upstream is printed: a URL may carry credentials.
  const description =
    prismOptions.mode === 'proxy' && prismOptions.upstream
      ? `validating proxy for ${new URL(prismOptions.upstream).origin}`
      : 'mock';
  console.log(`[contract-tests] Prism ${description} on ${prism.url} (pid ${prism.pid})`);

  // Vitest's own SIGINT/SIGTERM handler exits the process a millisecond later, before any
  // teardown could run, so Prism is signalled synchronously from here.
  const killNow = (signal: NodeJS.Signals) => {
    try {
      process.kill(prism.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow('SIGTERM');
    detach();
    // Listening to a signal cancels its default of ending the process. Vitest ends it on its
    // own; should nothing else do so within a second, end it the way the signal would have.
    setTimeout(() => process.exit(128 + constants.signals[signal]), 1_000).unref();
  };
  const onExit = () => killNow('SIGKILL');
  const detach = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);

  project.provide('contractTarget', { ...target, baseUrl: prism.url, prismPid: prism.pid });

  return async () => {
    detach();
    await prism.stop();
    // performance.now() counts from the start of the process: vitest's own start-up included.
    const total = performance.now() / 1000;
    console.log(`contract suite: ${total.toFixed(1)} s (Prism start ${prismSeconds.toFixed(1)} s)`);
  };
}
