// `pnpm --filter @partnero-kit/contract-tests run verify`: the drift report against the
// server at PARTNERO_BASE_URL. Exit 0 when every item held, 1 when one did not, 2 when the
// run could not start (a setting is missing or wrong).
import { fileURLToPath } from 'node:url';
import { writeReport } from './report.js';
import { runVerify } from './run.js';
import type { Session } from './session.js';

const DEFAULT_RATE = 2;
const defaultFolder = fileURLToPath(new URL('../../report/', import.meta.url));

class SettingError extends Error {}

function setting(name: string, purpose: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new SettingError(`${name} is not set: the drift report needs ${purpose}.`);
  return value;
}

function settings() {
  const baseUrl = setting('PARTNERO_BASE_URL', 'the URL of the server to check');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new SettingError(
      `PARTNERO_BASE_URL must be an http(s) URL, e.g. https://api.partnero.com (got ${JSON.stringify(baseUrl)}).`,
    );
  }
  const rateText = process.env.PARTNERO_VERIFY_RATE?.trim() || String(DEFAULT_RATE);
  const requestsPerSecond = Number(rateText);
  if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
    throw new SettingError(
      `PARTNERO_VERIFY_RATE must be a number of requests per second above 0 (got ${JSON.stringify(rateText)}).`,
    );
  }
  return {
    baseUrl,
    apiKey: setting('PARTNERO_API_KEY', "an API key of that server's program"),
    partnerKey: setting(
      'PARTNERO_PARTNER_KEY',
      'the key of an existing partner, to create its test customers for',
    ),
    requestsPerSecond,
    folder: process.env.PARTNERO_VERIFY_OUT?.trim() || defaultFolder,
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof settings>;
  try {
    options = settings();
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(error.message);
    return 2;
  }
  let session: Session | undefined;
  // The first Ctrl-C stops the checks and still deletes what the run created.
  process.once('SIGINT', () => {
    console.error('interrupted: deleting the customers and the webhook this run created…');
    session?.interrupt();
  });
  console.log(
    `Checking ${new URL(options.baseUrl).origin} at up to ${options.requestsPerSecond} requests/s…`,
  );
  const { report, descriptions, leftBehind } = await runVerify({
    ...options,
    onSession: (started) => {
      session = started;
    },
  });
  const files = await writeReport(report, descriptions, options.folder);
  for (const item of report.items) {
    console.log(`${item.held ? 'held    ' : 'NOT HELD'}  ${item.id}  ${item.observed}`);
  }
  if (leftBehind.length > 0) {
    console.error(`Could not delete what this run created: ${leftBehind.join(', ')}`);
  }
  const failed = report.items.filter((item) => !item.held).length;
  console.log(
    `${failed === 0 ? 'Every item held' : `${failed} item(s) did not hold`}. Report: ${files.markdown} and ${files.json}`,
  );
  return failed === 0 && leftBehind.length === 0 ? 0 : 1;
}

process.exitCode = await main();
