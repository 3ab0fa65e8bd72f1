// The `customers` command group: list, get, search, create, update, delete, suspend and
// approve one customer at a time; import and export them in bulk.
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { type Context, MAX_CONCURRENCY, MAX_PAGE_SIZE } from '../context.js';
import { CliError } from '../errors.js';
import { exportCustomers } from '../export.js';
import { bodyPointer, fieldsOf } from '../fields.js';
import {
  addFieldOptions,
  bodyFromFlags,
  checkedBody,
  fieldFlags,
  positiveInteger,
} from '../flags.js';
import { importCustomers, printSummary } from '../import/run.js';
import { formatOf } from '../import/source.js';
import { printCustomers, printDone, printRecord } from '../output.js';
import { bodyChecker } from '../validation.js';
import { withExample as example } from './help.js';

/** Adds `partnero customers` and its commands to `program`. */
export function addCustomersGroup(program: Command, context: () => Context): void {
  const customers = example(
    program.command('customers').description('Create, find, change, import and export customers'),
    'partnero customers get --help',
  );

  example(
    customers
      .command('list')
      .description('List customers, newest first: one page, or every page with --all')
      .option('--partner-key <key>', 'only the customers of the partner with this key')
      .option('--partner-email <email>', 'only the customers of the partner with this email')
      .option(
        '--limit <n>',
        `customers per page, 1 to ${MAX_PAGE_SIZE} (the API default is 15)`,
        positiveInteger('--limit', MAX_PAGE_SIZE),
      )
      .option('--page <n>', 'which page, from 1', positiveInteger('--page'))
      .option('--all', 'every customer, page after page')
      .action(async (flags) => {
        const ctx = context();
        const pages = ctx.client().customers.list({
          limit: flags.limit ?? (flags.all ? MAX_PAGE_SIZE : undefined),
          page: flags.page,
          'partner.key': flags.partnerKey,
          'partner.email': flags.partnerEmail,
        });
        if (flags.all) {
          const count = await printCustomers(pages, ctx.json, ctx.stdout);
          if (!ctx.json && count === 0) ctx.stderr.write('no customers\n');
          return;
        }
        const page = await pages;
        const count = await printCustomers(page.data, ctx.json, ctx.stdout);
        if (!ctx.json && count === 0) ctx.stderr.write('no customers\n');
        if (!ctx.json && page.hasNextPage()) {
          ctx.stderr.write(
            `more on page ${page.meta.current_page + 1}: pass --page ${page.meta.current_page + 1}, or --all\n`,
          );
        }
      }),
    'partnero customers list --partner-key partner_ada --all --json > customers.ndjson',
  );

  example(
    customers
      .command('get')
      .description('Show one customer, by key or by email')
      .argument('[key]', 'the customer key')
      .option('--email <email>', 'find the customer by this email address instead')
      .action(async (key: string | undefined, flags: { email?: string }) => {
        const ctx = context();
        if ((key === undefined) === (flags.email === undefined)) {
          throw new CliError('give a customer key or --email, not both');
        }
        const customer = await ctx
          .client()
          .customers.retrieve(key === undefined ? { email: flags.email as string } : { key });
        printRecord(customer, ctx.json, ctx.stdout);
      }),
    'partnero customers get cus_1001    or    partnero customers get --email ada@example.com',
  );

  example(
    customers
      .command('search')
      .description('List every customer that matches an email address')
      .requiredOption('--email <email>', 'the email address to look for')
      .action(async (flags: { email: string }) => {
        const ctx = context();
        // The page promise of `search` iterates over every match, page after page.
        const matches = ctx.client().customers.search({ email: flags.email, limit: MAX_PAGE_SIZE });
        const count = await printCustomers(matches, ctx.json, ctx.stdout);
        if (!ctx.json && count === 0) ctx.stderr.write('no customer matches\n');
      }),
    'partnero customers search --email ada@example.com --json',
  );

  const createFlags = fieldFlags(fieldsOf(bodyPointer('createCustomer')));
  const create = customers
    .command('create')
    .description('Create a customer attributed to a partner (named by key, id or email)');
  addFieldOptions(create, createFlags, { required: ['key'] });
  example(
    create.action(async (flags: Record<string, unknown>) => {
      const ctx = context();
      const body = checkedBody(createFlags, flags, 'createCustomer');
      const customer = await ctx.client().customers.create(body as never);
      printRecord(customer, ctx.json, ctx.stdout);
    }),
    'partnero customers create --key cus_1001 --partner-key partner_ada --email ada@example.com --tag trial --tag newsletter',
  );

  const changes = fieldsOf(bodyPointer('updateCustomer'))
    .filter((field) => field.segments[0] === 'update')
    .map((field) => ({
      ...field,
      segments: field.segments.slice(1),
      path: field.segments.slice(1).join('.'),
    }));
  const updateFlags = fieldFlags(changes, ['key']);
  const update = customers
    .command('update')
    .description('Change some fields of a customer; the others keep their value')
    .argument('<key>', 'the customer key');
  addFieldOptions(update, updateFlags, { clearable: true });
  example(
    update.action(async (key: string, flags: Record<string, unknown>) => {
      const ctx = context();
      const changed = bodyFromFlags(updateFlags, flags);
      if (Object.keys(changed).length === 0) {
        throw new CliError(
          `nothing to change: pass at least one of ${updateFlags.map((f) => f.flag).join(', ')}`,
        );
      }
      const problem = bodyChecker(bodyPointer('updateCustomer'))({ update: changed });
      if (problem) throw new CliError(problem.replace(/(^|; )update\./g, '$1'));
      const customer = await ctx.client().customers.update({ key }, changed as never);
      printRecord(customer, ctx.json, ctx.stdout);
    }),
    'partnero customers update cus_1001 --name Augusta --tag vip   (--no-tag removes all tags, --new-key renames)',
  );

  example(
    customers
      .command('delete')
      .description('Delete a customer for good (suspend keeps it); asks first on a terminal')
      .argument('<key>', 'the customer key')
      .option('-y, --yes', 'delete without asking')
      .action(async (key: string, flags: { yes?: boolean }) => {
        const ctx = context();
        if (!flags.yes) await confirm(`Delete customer ${key} for good? [y/N] `);
        await ctx.client().customers.delete({ key });
        printDone(`deleted ${key}`, { key, deleted: true }, ctx.json, ctx.stdout);
      }),
    'partnero customers delete cus_1001 --yes',
  );

  for (const [name, verb, description] of [
    ['suspend', 'suspended', "Stop crediting the customer's activity to its partner"],
    ['approve', 'approved', 'Make a suspended customer active again'],
  ] as const) {
    example(
      customers
        .command(name)
        .description(description)
        .argument('<key>', 'the customer key')
        .action(async (key: string) => {
          const ctx = context();
          await ctx.client().customers[name](key);
          printDone(`${verb} ${key}`, { key, [verb]: true }, ctx.json, ctx.stdout);
        }),
      `partnero customers ${name} cus_1001`,
    );
  }

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
        const ctx = context();
        const summary = await importCustomers(ctx, file, {
          concurrency: flags.concurrency,
          dryRun: flags.dryRun === true,
          restart: flags.restart === true,
        });
        printSummary(ctx, summary);
        if (summary.rejected > 0) process.exitCode = 2;
      },
    );

  example(
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
      .action(
        async (flags: { format?: 'csv' | 'ndjson'; output?: string; partnerKey?: string }) => {
          const ctx = context();
          const format = flags.format ?? (flags.output ? formatOf(flags.output) : 'csv');
          const { count, seconds } = await exportCustomers(ctx, { ...flags, format });
          const where = flags.output ? ` to ${flags.output}` : '';
          ctx.stderr.write(`exported ${count} customers${where} in ${seconds} s\n`);
        },
      ),
    'partnero customers export --output customers.csv',
  );
}

/** Asks on the terminal; anything but y/yes stops. Without a terminal, --yes is required. */
async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliError('not a terminal, so nothing can be confirmed: pass --yes to delete');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(question)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw new CliError('not deleted');
  } finally {
    prompt.close();
  }
}
