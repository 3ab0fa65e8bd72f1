#!/usr/bin/env node
// Entry point of `partnero`: runs the command, and turns any failure into one line on stderr
// and an exit code. The API key is removed from everything printed.
import { CliError, describeError, redact } from './errors.js';
import { type ImportSummary, summaryLine } from './import/run.js';
import { buildProgram } from './program.js';

const { program, context } = buildProgram();
const secrets = () => [program.opts().apiKey, process.env.PARTNERO_API_KEY];
program.configureOutput({
  writeErr: (text) => process.stderr.write(redact(text, secrets())),
  outputError: (text, write) => write(redact(text.replace(/^error: /, 'partnero: '), secrets())),
});

// A reader that goes away early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await program.parseAsync();
} catch (error) {
  const summary = (error as { summary?: ImportSummary }).summary;
  if (summary) {
    const ctx = context();
    ctx.stdout.write(`${ctx.options.json ? JSON.stringify(summary) : summaryLine(summary)}\n`);
  }
  const baseUrl = program.opts().baseUrl ?? process.env.PARTNERO_BASE_URL;
  process.stderr.write(`partnero: ${redact(describeError(error, baseUrl), secrets())}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
