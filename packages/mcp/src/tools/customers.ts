// The customer tools: one per capability of /v1/customers, not one per path form.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Customer, Partnero } from '@partnero-kit/client';
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { answer, failure } from '../results.js';
import {
  bodyArguments,
  customerOutput,
  fieldsArgument,
  type JsonObjectSchema,
  outputOf,
  parameterArguments,
  sameShapeAs,
  schemaArguments,
} from '../schemas.js';
import { DEFAULT_LIMIT, dryRun, isResult, pageAnswer, pageOutput, pick } from './shared.js';
import type { Args, ToolDefinition } from './types.js';

const customerPage = (spec: SpecRuntime) => pageOutput('customers', customerOutput(spec));

const customerResult = (spec: SpecRuntime) => ({ customer: customerOutput(spec) });

/**
 * Arguments of a listing: the operation's parameters with `limit` defaulting to
 * DEFAULT_LIMIT, and `fields` where the items are customers.
 */
function listingArguments(
  spec: SpecRuntime,
  operationId: string,
  customers = true,
): JsonObjectSchema {
  const schema = parameterArguments(spec, spec.operation(operationId));
  const limit = schema.properties.limit;
  if (limit) limit.default = DEFAULT_LIMIT;
  if (customers) schema.properties.fields = fieldsArgument(spec);
  return schema;
}

/** `key` and `email` (give one), from the spec's way of naming a customer. */
const referenceArguments = (spec: SpecRuntime) =>
  schemaArguments(spec, spec.schema('CustomerReference'));

/** The customer that `key` or `email` names, or a result saying what is wrong with them. */
function selector(args: Args): { key: string } | { email: string } | CallToolResult {
  const key = args.key as string | undefined;
  const email = args.email as string | undefined;
  if ((key === undefined) === (email === undefined)) {
    return failure(
      key === undefined
        ? 'Give `key` or `email` to name the customer: neither was given.'
        : 'Give `key` or `email` to name the customer, not both.',
    );
  }
  return key === undefined ? { email: email as string } : { key };
}

const label = (customer: Customer) =>
  customer.email ? `${customer.key} (${customer.email})` : customer.key;

export const CUSTOMER_TOOLS: readonly ToolDefinition[] = [
  {
    name: 'list_customers',
    operations: ['listCustomers'],
    access: 'read',
    destructive: false,
    idempotent: true,
    input: (spec) => listingArguments(spec, 'listCustomers'),
    output: customerPage,
    async run({ fields, ...query }, { client }) {
      const page = await client.customers.list({ limit: DEFAULT_LIMIT, ...query });
      return pageAnswer(page, 'customers', fields);
    },
  },
  {
    name: 'search_customers',
    operations: ['searchCustomers'],
    access: 'read',
    destructive: false,
    idempotent: true,
    input: (spec) => listingArguments(spec, 'searchCustomers'),
    output: customerPage,
    async run({ fields, ...query }, { client }) {
      const chosen = selector(query);
      if (isResult(chosen)) return chosen;
      const page = await client.customers.search({ limit: DEFAULT_LIMIT, ...query } as never);
      return pageAnswer(page, 'customers', fields);
    },
  },
  {
    name: 'list_customer_transactions',
    operations: ['listCustomerTransactions'],
    access: 'read',
    destructive: false,
    idempotent: true,
    input: (spec) => listingArguments(spec, 'listCustomerTransactions', false),
    output: (spec) => pageOutput('transactions', outputOf(spec, 'Transaction')),
    async run({ key, ...query }, { client }) {
      const page = await client.customers.transactions(key as string, {
        limit: DEFAULT_LIMIT,
        ...query,
      });
      return pageAnswer(page, 'transactions');
    },
  },
  {
    name: 'get_customer',
    operations: ['getCustomer', 'searchCustomers'],
    access: 'read',
    destructive: false,
    idempotent: true,
    note: 'By `email`, only an exact match (in any letter case).',
    input: (spec) => {
      const schema = referenceArguments(spec);
      schema.properties.fields = fieldsArgument(spec);
      return schema;
    },
    output: customerResult,
    async run(args, { client }) {
      const chosen = selector(args);
      if (isResult(chosen)) return chosen;
      const customer = await client.customers.retrieve(chosen);
      return answer({ customer: pick(customer, args.fields) }, `Customer ${label(customer)}.`);
    },
  },
  {
    name: 'create_customer',
    operations: ['createCustomer'],
    access: 'write',
    destructive: false,
    idempotent: false,
    input: (spec) => bodyArguments(spec, 'createCustomer'),
    output: customerResult,
    async run(args, { client, preview }) {
      const params = args as never;
      if (preview) return dryRun(preview, (c) => c.customers.create(params));
      const customer = await client.customers.create(params);
      return answer({ customer }, `Created customer ${label(customer)}.`);
    },
  },
  {
    name: 'update_customer',
    operations: ['updateCustomer', 'updateCustomerByReference'],
    access: 'write',
    destructive: true,
    idempotent: true,
    note: 'Also answers `before`, to undo a mistake by hand.',
    input: (spec) => bodyArguments(spec, 'updateCustomerByReference'),
    output: (spec) => ({
      ...customerResult(spec),
      before: sameShapeAs('The customer before the change, with the fields of `customer`.'),
    }),
    async run(args, { client, preview }) {
      const chosen = selector(args);
      if (isResult(chosen)) return chosen;
      const changes = args.update as never;
      if (preview) return dryRun(preview, (c) => c.customers.update(chosen, changes));
      const before = await client.customers.retrieve(chosen);
      const customer = await client.customers.update({ key: before.key }, changes);
      return answer(
        { customer, before },
        `Updated customer ${label(customer)}; \`before\` holds the previous fields.`,
      );
    },
  },
  {
    name: 'delete_customer',
    operations: ['deleteCustomer', 'deleteCustomerByReference'],
    access: 'delete',
    destructive: true,
    idempotent: true,
    note: 'The deletion is permanent: it cannot be undone. The user is asked to confirm where the client can ask.',
    input: referenceArguments,
    output: () => ({
      deleted: sameShapeAs('The deleted customer as it was, with the fields get_customer answers.'),
      declined: { type: 'boolean' },
    }),
    async run(args, { client, preview, confirm }) {
      const chosen = selector(args);
      if (isResult(chosen)) return chosen;
      if (preview) return dryRun(preview, (c) => c.customers.delete(chosen));
      const before = await client.customers.retrieve(chosen);
      const asked = await confirm(
        `Delete customer ${before.key}${before.email ? ` (${before.email})` : ''} permanently? This cannot be undone.`,
      );
      if (asked.kind === 'pending') return asked.result;
      if (asked.kind === 'declined') {
        return answer(
          { declined: true },
          `Not deleted: the user declined. Customer ${label(before)} is unchanged.`,
        );
      }
      await client.customers.delete({ key: before.key });
      return answer(
        { deleted: before },
        `Deleted customer ${label(before)}; \`deleted\` holds its fields.`,
      );
    },
  },
  statusTool(
    'suspend_customer',
    'suspendCustomer',
    (client, key) => client.customers.suspend(key),
    'Suspended',
  ),
  statusTool(
    'approve_customer',
    'approveCustomer',
    (client, key) => client.customers.approve(key),
    'Approved',
  ),
];

/** A tool that changes a customer's state by key and answers nothing but success. */
function statusTool(
  name: string,
  operationId: string,
  send: (client: Partnero, key: string) => Promise<unknown>,
  done: string,
): ToolDefinition {
  return {
    name,
    operations: [operationId],
    access: 'write',
    destructive: false,
    idempotent: true,
    input: (spec) => parameterArguments(spec, spec.operation(operationId)),
    output: (spec) => ({
      key: customerOutput(spec).properties.key ?? {},
      done: { type: 'boolean' },
    }),
    async run({ key }, { client, preview }) {
      if (preview) return dryRun(preview, (c) => send(c, key as string));
      await send(client, key as string);
      return answer({ key, done: true }, `${done} customer ${key as string}.`);
    },
  };
}
