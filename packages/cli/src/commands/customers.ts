// The commands for one customer at a time: list, get, search, create, update, delete,
// suspend, approve.
import { createInterface } from 'node:readline/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { bodyPointer, fieldsOf } from '../fields.js';
import { addFieldOptions, bodyFromFlags, fieldFlags } from '../flags.js';
import { printCustomer, printCustomers, printDone } from '../output.js';
import { bodyChecker } from '../validation.js';

export const positiveInteger =
  (name: string, max = Number.MAX_SAFE_INTEGER) =>
  (text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return value;
  };

export function addCustomerCommands(customers: Command, context: () => Context): void {
  const example = (command: Command, text: string) =>
    command.addHelpText('after', `\nExample:\n  $ ${text}\n`);

  example(
    customers
      .command('list')
      .description('List customers, newest first: one page, or every page with --all')
      .option('--partner-key <key>', 'only the customers of the partner with this key')
      .option('--partner-email <email>', 'only the customers of the partner with this email')
      .option(
        '--limit <n>',
        'customers per page, 1 to 250 (the API default is 15)',
        positiveInteger('--limit', 250),
      )
      .option('--page <n>', 'which page, from 1', positiveInteger('--page'))
      .option('--all', 'every customer, page after page')
      .action(async (flags) => {
        const ctx = context();
        const pages = ctx.client().customers.list({
          limit: flags.limit ?? (flags.all ? 250 : undefined),
          page: flags.page,
          'partner.key': flags.partnerKey,
          'partner.email': flags.partnerEmail,
        });
        if (flags.all) {
          const count = await printCustomers(pages, ctx.options.json === true, ctx.stdout);
          if (!ctx.options.json && count === 0) ctx.stderr.write('no customers\n');
          return;
        }
        const page = await pages;
        const count = await printCustomers(page.data, ctx.options.json === true, ctx.stdout);
        if (!ctx.options.json && count === 0) ctx.stderr.write('no customers\n');
        if (!ctx.options.json && page.hasNextPage()) {
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
        printCustomer(customer, ctx.options.json === true, ctx.stdout);
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
        const matches = ctx.client().customers.search({ email: flags.email, limit: 250 });
        const count = await printCustomers(matches, ctx.options.json === true, ctx.stdout);
        if (!ctx.options.json && count === 0) ctx.stderr.write('no customer matches\n');
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
      const body = bodyFromFlags(createFlags, flags);
      const problem = bodyChecker(bodyPointer('createCustomer'))(body);
      if (problem) throw new CliError(problem);
      const customer = await ctx.client().customers.create(body as never);
      printCustomer(customer, ctx.options.json === true, ctx.stdout);
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
      printCustomer(customer, ctx.options.json === true, ctx.stdout);
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
        printDone(`deleted ${key}`, { key, deleted: true }, ctx.options.json === true, ctx.stdout);
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
          printDone(`${verb} ${key}`, { key, [verb]: true }, ctx.options.json === true, ctx.stdout);
        }),
      `partnero customers ${name} cus_1001`,
    );
  }
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
