// The command tree: `partnero [global flags] customers <command>`.
import { Command, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { addCustomerCommands, positiveInteger } from './commands/customers.js';
import { type Context, createContext, type GlobalOptions, MAX_CONCURRENCY } from './context.js';
import { exportCustomers } from './export.js';
import { importCustomers, printSummary } from './import/run.js';
import { formatOf } from './import/source.js';

/** `redact` is applied to everything commander prints (usage errors echo arguments). */
export function buildProgram(redact: (text: string) => string): {
  program: Command;
  context: () => Context;
} {
  const program = new Command('partnero')
    // Set before the subcommands are added, which copy it.
    .configureOutput({
      writeErr: (text) => process.stderr.write(redact(text)),
      outputError: (text, write) => write(redact(text.replace(/^error: /, 'partnero: '))),
    })
    .description('Manage the customers of a Partnero program: one at a time, or in bulk')
    .version(packageJson.version)
    .option('--api-key <key>', "your program's API key (default: PARTNERO_API_KEY)")
    .option(
      '--base-url <url>',
      'where the API is (default: PARTNERO_BASE_URL, else https://api.partnero.com)',
    )
    .option('--json', 'machine output: JSON, and NDJSON for lists')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ PARTNERO_API_KEY=… partnero customers list\n  $ partnero --base-url http://127.0.0.1:4010 customers import signups.csv --dry-run\n',
    );
  let context: Context | undefined;
  const getContext = () => {
    context ??= createContext(program.opts<GlobalOptions>());
    return context;
  };
  program.hook('postAction', () => context?.close());

  const customers = program
    .command('customers')
    .description('Create, find, change, import and export customers')
    .addHelpText('after', '\nExample:\n  $ partnero customers get --help\n');
  addCustomerCommands(customers, getContext);

  customers
    .command('import')
    .description(
      'Create every customer of a CSV (with a header) or NDJSON file; safe to run again after any interruption',
    )
    .argument('<file>', 'CSV, or NDJSON when the name ends in .ndjson or .jsonl')
    .option(
      '--concurrency <n>',
      'requests at a time',
      positiveInteger('--concurrency', MAX_CONCURRENCY),
      8,
    )
    .option('--dry-run', 'check every row and write the rejects, send nothing')
    .option('--restart', 'forget the journal of an earlier run and start over')
    .addHelpText(
      'after',
      `
Columns are the create body's fields, nested with a dot:
  key, partner.key | partner.id | partner.email, email, name, surname, tags (a;b), options.referral_url
Invalid rows go to <file>.rejects.csv with an "error" column and are never sent. Progress
is kept in <file>.partnero-journal: run the same command again to finish an interrupted import.
Exit code: 0 when every row was imported or already there, 2 when some were rejected, 1 on failure.

Example:
  $ partnero customers import signups.csv --dry-run && partnero customers import signups.csv
`,
    )
    .action(
      async (file: string, flags: { concurrency: number; dryRun?: boolean; restart?: boolean }) => {
        const ctx = getContext();
        const summary = await importCustomers(ctx, file, {
          concurrency: flags.concurrency,
          dryRun: flags.dryRun === true,
          restart: flags.restart === true,
        });
        printSummary(ctx, summary);
        if (summary.rejected > 0) process.exitCode = 2;
      },
    );

  customers
    .command('export')
    .description('Write every customer, page by page, as CSV in the import columns or as NDJSON')
    .addOption(
      new Option(
        '--format <format>',
        'csv or ndjson (default: from the --output name, else csv)',
      ).choices(['csv', 'ndjson']),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--partner-key <key>', 'only the customers of the partner with this key')
    .addHelpText('after', '\nExample:\n  $ partnero customers export --output customers.csv\n')
    .action(async (flags: { format?: 'csv' | 'ndjson'; output?: string; partnerKey?: string }) => {
      const ctx = getContext();
      const format = flags.format ?? (flags.output ? formatOf(flags.output) : 'csv');
      const { count, seconds } = await exportCustomers(ctx, { ...flags, format });
      const where = flags.output ? ` to ${flags.output}` : '';
      ctx.stderr.write(`exported ${count} customers${where} in ${seconds} s\n`);
    });

  return { program, context: getContext };
}
