#!/usr/bin/env node
// Entry point of `partnero`: runs the command, and turns any failure into one line on stderr
// and an exit code. The API key is removed from everything printed.
import { CliError, describeError, redact } from './errors.js';
import { ImportStopped, printSummary } from './import/summary.js';
import { buildProgram } from './program.js';

// The key may come from --api-key, which commander has not parsed yet when it reports a
// usage error: look for it in the raw arguments too.
const argv = process.argv;
const secrets = () => [
  argv[argv.indexOf('--api-key') + 1],
  ...argv.filter((a) => a.startsWith('--api-key=')).map((a) => a.slice(10)),
  process.env.PARTNERO_API_KEY,
];
const { program, context } = buildProgram((text) => redact(text, secrets()));

// A reader that goes away early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ImportStopped) printSummary(context(), error.summary);
  process.stderr.write(
    `partnero: ${redact(describeError(error, context().baseUrl()), secrets())}\n`,
  );
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
  context().close();
}
