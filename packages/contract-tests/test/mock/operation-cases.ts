// The test case table: for every operation, how the client reaches it and what the client
// must do for each status the spec documents. coverage.test.ts holds this table and the
// spec to each other, so a new operation or status in the spec fails the suite until a case
// is added here.
import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  type Page,
  type Partnero,
  PermissionDeniedError,
  RateLimitError,
  type RequestOptions,
  ValidationError,
} from '@partnero-kit/client';
import { expect } from 'vitest';
import type { CaseTable } from '../../src/coverage.js';

type Body = Record<string, unknown>;

/** A 2xx: the client resolves, and what it resolves to is checked against the raw body. */
export interface Returns {
  kind: 'returns';
  check(value: unknown, body: Body): void;
}

/** An error status: the client rejects with this class. */
export interface Throws {
  kind: 'throws';
  errorClass: typeof APIError;
}

export interface OperationCases {
  call(partnero: Partnero, options: RequestOptions): PromiseLike<unknown>;
  responses: Record<number, Returns | Throws>;
  /**
   * The operation the client calls to settle a write whose outcome a status leaves unknown
   * (a create answered 5xx looks its key up once, with `maxRetries: 0`), for those statuses.
   */
  settledBy?: { operationId: string; when(status: number): boolean };
}

const returnsData: Returns = {
  kind: 'returns',
  check: (value, body) => expect(value).toEqual(body.data),
};
const returnsNothing: Returns = {
  kind: 'returns',
  check: (value) => expect(value).toBeUndefined(),
};
const returnsPage: Returns = {
  kind: 'returns',
  check: (value, body) => {
    const page = value as Page<unknown>;
    expect(page.data).toEqual(body.data);
    expect(page.meta).toEqual(body.meta);
    expect(page.links).toEqual(body.links);
    const links = body.links as { next: string | null };
    expect(page.hasNextPage()).toBe(links.next !== null && (body.data as unknown[]).length > 0);
  },
};
const throws = (errorClass: typeof APIError): Throws => ({ kind: 'throws', errorClass });

const notFound = throws(NotFoundError);
const invalid = throws(ValidationError);
/** The statuses Partnero's reference lists for the whole API, so every operation has them. */
const everyOperation = {
  401: throws(AuthenticationError),
  403: throws(PermissionDeniedError),
  429: throws(RateLimitError),
  500: throws(InternalServerError),
};

export const operationCases = {
  listCustomers: {
    call: (partnero, options) => partnero.customers.list({ limit: 50, page: 1 }, options),
    responses: {
      200: returnsPage,
      ...everyOperation,
      422: invalid,
    },
  },
  createCustomer: {
    call: (partnero, options) =>
      partnero.customers.create(
        { key: 'cus_1001', partner: { key: 'partner_ada' }, email: 'ada@example.com', name: 'Ada' },
        options,
      ),
    responses: {
      200: returnsData,
      400: throws(BadRequestError),
      ...everyOperation,
      422: invalid,
    },
    settledBy: { operationId: 'getCustomer', when: (status) => status >= 500 },
  },
  updateCustomerByReference: {
    call: (partnero, options) =>
      partnero.customers.update({ email: 'ada@example.com' }, { name: 'Augusta' }, options),
    responses: {
      200: returnsData,
      ...everyOperation,
      404: notFound,
      422: invalid,
    },
  },
  deleteCustomerByReference: {
    call: (partnero, options) => partnero.customers.delete({ email: 'ada@example.com' }, options),
    responses: {
      200: returnsNothing,
      ...everyOperation,
      404: notFound,
      422: invalid,
    },
  },
  searchCustomers: {
    call: (partnero, options) =>
      partnero.customers.search({ email: 'ada@example.com', limit: 15, page: 1 }, options),
    responses: {
      200: returnsPage,
      ...everyOperation,
      422: invalid,
    },
  },
  getCustomer: {
    call: (partnero, options) => partnero.customers.retrieve('cus_1001', options),
    responses: {
      200: returnsData,
      ...everyOperation,
      404: notFound,
    },
  },
  updateCustomer: {
    call: (partnero, options) =>
      partnero.customers.update({ key: 'cus_1001' }, { name: 'Augusta', tags: [] }, options),
    responses: {
      200: returnsData,
      ...everyOperation,
      404: notFound,
      422: invalid,
    },
  },
  deleteCustomer: {
    call: (partnero, options) => partnero.customers.delete({ key: 'cus_1001' }, options),
    responses: {
      200: returnsNothing,
      ...everyOperation,
      404: notFound,
    },
  },
  suspendCustomer: {
    call: (partnero, options) => partnero.customers.suspend('cus_1001', options),
    responses: {
      200: returnsNothing,
      ...everyOperation,
      404: notFound,
    },
  },
  listCustomerTransactions: {
    call: (partnero, options) =>
      partnero.customers.transactions('cus_1001', { limit: 15, page: 1 }, options),
    responses: {
      200: returnsPage,
      ...everyOperation,
      404: notFound,
      422: invalid,
    },
  },
  approveCustomer: {
    call: (partnero, options) => partnero.customers.approve('cus_1001', options),
    responses: {
      200: returnsNothing,
      ...everyOperation,
      404: notFound,
    },
  },
  listWebhooks: {
    call: (partnero, options) => partnero.webhooks.list(options),
    responses: { 200: returnsData, ...everyOperation },
  },
  createWebhook: {
    call: (partnero, options) =>
      partnero.webhooks.create(
        {
          name: 'Customer sync',
          url: 'https://example.com/partnero/webhooks',
          events: ['customer.created', 'customer.deleted'],
        },
        options,
      ),
    responses: { 200: returnsData, ...everyOperation, 422: invalid },
  },
  getWebhook: {
    call: (partnero, options) => partnero.webhooks.retrieve('wh_customers', options),
    responses: { 200: returnsData, ...everyOperation, 404: notFound },
  },
  updateWebhook: {
    call: (partnero, options) =>
      partnero.webhooks.update('wh_customers', { is_active: false }, options),
    responses: { 200: returnsData, ...everyOperation, 404: notFound, 422: invalid },
  },
  deleteWebhook: {
    call: (partnero, options) => partnero.webhooks.delete('wh_customers', options),
    responses: { 200: returnsNothing, ...everyOperation, 404: notFound },
  },
} satisfies Record<string, OperationCases> & CaseTable;
