import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import {
  type BreakingChange,
  findBreakingChanges,
  formatBreakingChange,
} from '../src/breaking-changes.js';
import type { OpenApiDocument } from '../src/openapi-document.js';
import { at, properties, realSpec, schema, variant } from './spec-fixtures.js';

function changes([base, head]: [OpenApiDocument, OpenApiDocument]): BreakingChange[] {
  return findBreakingChanges(base, head);
}

function summary(found: BreakingChange[]): string[] {
  return found.map(
    (change) => `${change.rule} | ${change.operation.split(' ')[0]} | ${change.where}`,
  );
}

describe('findBreakingChanges on the real spec', () => {
  it('finds nothing between the spec and itself', () => {
    expect(findBreakingChanges(realSpec(), realSpec())).toEqual([]);
  });

  it('accepts a set of compatible changes', () => {
    const found = changes(
      variant((spec) => {
        // A new optional request field and a new required response field.
        properties(spec, 'CreateCustomerRequest').company = { type: 'string' };
        properties(spec, 'Customer').company = { type: ['string', 'null'] };
        (schema(spec, 'Customer').required as string[]).push('company');
        // A request bound that loosens, and an optional query parameter.
        at(spec, 'components', 'parameters', 'Limit', 'schema').maximum = 500;
        (at(spec, 'paths', '/v1/customers', 'get').parameters as unknown[]).push({
          name: 'tag',
          in: 'query',
          schema: { type: 'string' },
        });
        // A request field that now also accepts null, and a new error status.
        properties(spec, 'CustomerChanges').name = { type: ['string', 'null'] };
        at(spec, 'paths', '/v1/customers/{key}', 'get', 'responses')['409'] = {
          $ref: '#/components/responses/ServerError',
        };
        // A new operation and a renamed path parameter.
        at(spec, 'paths')['/v1/customers/{key}/restore'] = {
          post: { operationId: 'restoreCustomer', responses: { '200': { description: 'ok' } } },
        };
        const paths = at(spec, 'paths');
        paths['/v1/customers/{customerKey}'] = paths['/v1/customers/{key}'];
        delete paths['/v1/customers/{key}'];
      }),
    );
    expect(found).toEqual([]);
  });

  it('catches a removed operation', () => {
    const found = changes(
      variant((spec) => delete at(spec, 'paths', '/v1/customers/{key}/approve').post),
    );
    expect(summary(found)).toEqual(['operation-removed | approveCustomer | operation']);
    expect(formatBreakingChange(found[0] as BreakingChange)).toBe(
      'approveCustomer (POST /v1/customers/{key}/approve) operation: the operation was removed [operation-removed]',
    );
  });

  it('catches a removed response field in every operation that returns it', () => {
    const found = changes(
      variant((spec) => {
        delete properties(spec, 'Customer').surname;
        const customer = schema(spec, 'Customer');
        customer.required = (customer.required as string[]).filter((name) => name !== 'surname');
      }),
    );
    expect(summary(found)).toContain(
      'property-removed | getCustomer | response 200 application/json /data/surname',
    );
    expect(summary(found)).toContain(
      'property-removed | listCustomers | response 200 application/json /data[]/surname',
    );
    // Every operation answering a customer: create, both updates, search, get, list.
    expect(new Set(found.map((change) => change.operation.split(' ')[0]))).toEqual(
      new Set([
        'listCustomers',
        'createCustomer',
        'updateCustomerByReference',
        'searchCustomers',
        'getCustomer',
        'updateCustomer',
      ]),
    );
    expect(found.every((change) => change.rule === 'property-removed')).toBe(true);
  });

  it('catches a removed request field', () => {
    const found = changes(variant((spec) => delete properties(spec, 'CreateCustomerRequest').name));
    expect(summary(found)).toEqual([
      'property-removed | createCustomer | request body application/json /name',
    ]);
  });

  it('catches an optional request field that became required', () => {
    const found = changes(
      variant((spec) => (schema(spec, 'CreateCustomerRequest').required as string[]).push('email')),
    );
    expect(summary(found)).toEqual([
      'request-property-became-required | createCustomer | request body application/json /email',
    ]);
    expect(found[0]?.message).toBe('the field became required');
  });

  it('catches a new required request field', () => {
    const found = changes(
      variant((spec) => {
        properties(spec, 'CustomerChanges').reason = { type: 'string' };
        schema(spec, 'CustomerChanges').required = ['reason'];
      }),
    );
    expect(summary(found)).toEqual([
      'request-property-became-required | updateCustomerByReference | request body application/json /update/reason',
      'request-property-became-required | updateCustomer | request body application/json /update/reason',
    ]);
    expect(found[0]?.message).toBe('a new required field was added');
  });

  it('catches a request type narrowed from string to integer', () => {
    const found = changes(
      variant((spec) => (properties(spec, 'CreateCustomerRequest').name = { type: 'integer' })),
    );
    expect(summary(found)).toEqual([
      'request-type-narrowed | createCustomer | request body application/json /name',
    ]);
    expect(found[0]?.message).toBe('no longer accepts string (now integer)');
  });

  it('catches a response type changed from string to integer', () => {
    const found = changes(
      variant((spec) => (properties(spec, 'Customer').partner = { type: 'integer' })),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((change) => change.rule === 'response-type-widened')).toBe(true);
    expect(summary(found)).toContain(
      'response-type-widened | getCustomer | response 200 application/json /data/partner',
    );
  });

  it('catches a new maxLength on a request string, in the body and in the path', () => {
    const found = changes(variant((spec) => (schema(spec, 'CustomerKey').maxLength = 64)));
    const found_ = summary(found);
    expect(found_).toContain(
      'request-constraint-tightened | createCustomer | request body application/json /key',
    );
    expect(found_).toContain('request-constraint-tightened | getCustomer | path parameter key');
    expect(found_).toContain(
      'request-constraint-tightened | searchCustomers | query parameter key',
    );
    // Responses carry the same schema, but a reader does not care about a tighter bound.
    expect(found_.some((line) => line.includes('response'))).toBe(false);
  });

  it('catches a lowered maximum and a raised minimum', () => {
    const found = changes(
      variant((spec) => {
        at(spec, 'components', 'parameters', 'Limit', 'schema').maximum = 100;
        at(spec, 'components', 'parameters', 'Page', 'schema').minimum = 2;
      }),
    );
    // Every page takes the shared parameters: the list, the search and the transactions.
    expect(
      found.map((change) => `${change.operation.split(' ')[0]} ${change.where}: ${change.message}`),
    ).toEqual([
      'listCustomers query parameter limit: maximum lowered from 250 to 100',
      'listCustomers query parameter page: minimum raised from 1 to 2',
      'searchCustomers query parameter limit: maximum lowered from 250 to 100',
      'searchCustomers query parameter page: minimum raised from 1 to 2',
      'listCustomerTransactions query parameter limit: maximum lowered from 250 to 100',
      'listCustomerTransactions query parameter page: minimum raised from 1 to 2',
    ]);
  });

  it('catches a request field that no longer accepts null', () => {
    const found = changes(
      variant(
        (spec) => ((properties(spec, 'CustomerChanges').tags as { type: unknown }).type = 'array'),
      ),
    );
    expect(summary(found)).toEqual([
      'request-type-narrowed | updateCustomerByReference | request body application/json /update/tags',
      'request-type-narrowed | updateCustomer | request body application/json /update/tags',
    ]);
    expect(found[0]?.message).toBe('no longer accepts null');
  });

  it('catches a response field that may now be null', () => {
    const found = changes(
      variant((spec) => (properties(spec, 'Customer').partner = { type: ['string', 'null'] })),
    );
    expect(found.length).toBe(6);
    expect(found.every((change) => change.message === 'may now be null')).toBe(true);
  });

  it('catches a response field that is no longer always present', () => {
    const found = changes(
      variant((spec) => {
        const customer = schema(spec, 'Customer');
        customer.required = (customer.required as string[]).filter((name) => name !== 'email');
      }),
    );
    expect(found.length).toBe(6);
    expect(found.every((change) => change.rule === 'response-property-became-optional')).toBe(true);
  });

  it('catches a removed enum value on the request and on the response side', () => {
    const withPlans = (plans: string[], statuses: string[]) => {
      const spec = realSpec();
      properties(spec, 'CreateCustomerRequest').plan = { type: 'string', enum: plans };
      (properties(spec, 'Customer').status as { enum?: string[] }).enum = statuses;
      return spec;
    };
    const found = findBreakingChanges(
      withPlans(['free', 'pro'], ['active', 'suspended']),
      withPlans(['free'], ['active']),
    );
    expect(summary(found)).toContain(
      'enum-value-removed | createCustomer | request body application/json /plan',
    );
    expect(summary(found)).toContain(
      'enum-value-removed | getCustomer | response 200 application/json /data/status',
    );
    expect(found.find((change) => change.where.endsWith('/plan'))?.message).toBe(
      'value "pro" was removed',
    );
    // Adding a value back on both sides is compatible.
    expect(
      findBreakingChanges(
        withPlans(['free'], ['active']),
        withPlans(['free', 'pro'], ['active', 'suspended']),
      ),
    ).toEqual([]);
  });

  it('catches a removed way of naming the customer in an anyOf body', () => {
    const found = changes(
      variant((spec) => {
        const reference = schema(spec, 'CustomerReference');
        reference.anyOf = (reference.anyOf as unknown[]).slice(0, 1);
      }),
    );
    expect(summary(found)).toEqual([
      'request-property-became-required | deleteCustomerByReference | request body application/json /key',
    ]);
  });

  it('catches a removed and a new required query parameter', () => {
    const found = changes(
      variant((spec) => {
        const list = at(spec, 'paths', '/v1/customers', 'get');
        list.parameters = [
          ...(list.parameters as unknown[]).filter(
            (parameter) =>
              (parameter as { $ref?: string }).$ref !==
              '#/components/parameters/PartnerEmailFilter',
          ),
          { name: 'program', in: 'query', required: true, schema: { type: 'string' } },
        ];
      }),
    );
    expect(summary(found)).toEqual([
      'parameter-removed | listCustomers | query parameter partner.email',
      'parameter-became-required | listCustomers | query parameter program',
    ]);
  });

  it('catches a new required request body and a removed success response', () => {
    const found = changes(
      variant((spec) => {
        at(spec, 'paths', '/v1/customers/{key}/approve', 'post').requestBody = {
          required: true,
          content: { 'application/json': { schema: { type: 'object' } } },
        };
        const responses = at(spec, 'paths', '/v1/customers/{key}', 'get', 'responses');
        responses['201'] = responses['200'];
        delete responses['200'];
      }),
    );
    expect(summary(found)).toEqual([
      'success-response-removed | getCustomer | response 200',
      'request-body-became-required | approveCustomer | request body',
    ]);
  });

  it('catches a request field that gains a format, and unknown fields refused', () => {
    const found = changes(
      variant((spec) => {
        (properties(spec, 'CreateCustomerRequest').name as { format?: string }).format = 'email';
        schema(spec, 'CreateCustomerRequest').additionalProperties = false;
      }),
    );
    expect(found.map((change) => `${change.where}: ${change.message}`)).toEqual([
      'request body application/json: additionalProperties false was added: unknown fields are now refused',
      'request body application/json /name: format "email" was added',
    ]);
  });

  it('catches a removed media type', () => {
    const found = changes(
      variant((spec) => {
        const content = at(spec, 'paths', '/v1/customers', 'post', 'requestBody', 'content');
        content['application/x-www-form-urlencoded'] = content['application/json'];
        delete content['application/json'];
      }),
    );
    expect(summary(found)).toEqual([
      'media-type-removed | createCustomer | request body application/json',
    ]);
  });

  it('terminates on recursive schemas and still compares inside them', () => {
    const withTree = (leafType: string) => {
      const spec = realSpec();
      schema(spec, 'Tag').properties = {
        value: { type: leafType },
        children: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
      };
      return spec;
    };
    expect(findBreakingChanges(withTree('string'), withTree('string'))).toEqual([]);
    const found = findBreakingChanges(withTree('string'), withTree('integer'));
    expect(summary(found)).toContain(
      'response-type-widened | getCustomer | response 200 application/json /data/tags[]/value',
    );
  });
});

describe('findBreakingChanges on headers', () => {
  /** The spec with `headers` on the shared 429 answer, which every operation documents. */
  const withRateLimitHeaders = (headers: Record<string, unknown>) => {
    const spec = realSpec();
    at(spec, 'components', 'responses', 'TooManyRequests').headers = headers;
    return spec;
  };
  const retryAfter = { required: true, schema: { type: 'integer', minimum: 0 } };
  const operationCount = loadSpec(realSpec()).operations.size;

  it('catches a removed response header in every operation that answers it', () => {
    const found = findBreakingChanges(
      withRateLimitHeaders({ 'Retry-After': retryAfter }),
      withRateLimitHeaders({}),
    );
    expect(found).toHaveLength(operationCount);
    expect(new Set(found.map((change) => `${change.rule} | ${change.where}`))).toEqual(
      new Set(['response-header-removed | response 429 header Retry-After']),
    );
    expect(formatBreakingChange(found[0] as BreakingChange)).toBe(
      'listCustomers (GET /v1/customers) response 429 header Retry-After: the header was removed [response-header-removed]',
    );
  });

  it('catches a response header that is no longer always sent, or may carry another type', () => {
    const optional = findBreakingChanges(
      withRateLimitHeaders({ 'Retry-After': retryAfter }),
      withRateLimitHeaders({ 'Retry-After': { schema: retryAfter.schema } }),
    );
    expect(optional).toHaveLength(operationCount);
    expect(optional[0]).toMatchObject({
      rule: 'response-header-became-optional',
      message: 'the header is no longer always sent',
    });
    const widened = findBreakingChanges(
      withRateLimitHeaders({ 'Retry-After': retryAfter }),
      withRateLimitHeaders({ 'Retry-After': { ...retryAfter, schema: { type: 'string' } } }),
    );
    expect(summary(widened)[0]).toBe(
      'response-type-widened | listCustomers | response 429 header Retry-After',
    );
    expect(widened[0]?.message).toBe('may now be string (was integer)');
  });

  it('accepts a new response header, a header that becomes required, and a change of case', () => {
    const optional = { schema: retryAfter.schema };
    const compatible: [Record<string, unknown>, Record<string, unknown>][] = [
      [{}, { 'Retry-After': retryAfter }],
      [{ 'Retry-After': optional }, { 'Retry-After': retryAfter }],
      [{ 'Retry-After': retryAfter }, { 'retry-after': retryAfter }],
    ];
    for (const [base, head] of compatible) {
      expect(findBreakingChanges(withRateLimitHeaders(base), withRateLimitHeaders(head))).toEqual(
        [],
      );
    }
  });

  it('catches a new required request header and a removed one, ignoring case', () => {
    const header = (name: string, required: boolean) => ({
      name,
      in: 'header',
      required,
      schema: { type: 'string' },
    });
    const withHeaders = (...headers: unknown[]) => {
      const spec = realSpec();
      const get = at(spec, 'paths', '/v1/customers/{key}', 'get');
      get.parameters = [...((get.parameters as unknown[] | undefined) ?? []), ...headers];
      return spec;
    };
    const found = findBreakingChanges(
      withHeaders(header('X-Trace', false)),
      withHeaders(header('Idempotency-Key', true)),
    );
    expect(summary(found)).toEqual([
      'parameter-removed | getCustomer | header parameter x-trace',
      'parameter-became-required | getCustomer | header parameter idempotency-key',
    ]);
    expect(found[1]?.message).toBe('a new required parameter was added');
    // A new optional header, or one whose name only changes case, breaks no one.
    expect(findBreakingChanges(realSpec(), withHeaders(header('X-Trace', false)))).toEqual([]);
    expect(
      findBreakingChanges(
        withHeaders(header('X-Trace', true)),
        withHeaders(header('x-trace', true)),
      ),
    ).toEqual([]);
  });
});

describe('findBreakingChanges on security', () => {
  const API_KEY = { type: 'apiKey', in: 'header', name: 'X-Api-Key' };
  /** The spec with extra schemes and the given `security` on getCustomer. */
  const withSecurity = (security: unknown[] | undefined, schemes: Record<string, unknown> = {}) => {
    const spec = realSpec();
    Object.assign(at(spec, 'components', 'securitySchemes'), schemes);
    const get = at(spec, 'paths', '/v1/customers/{key}', 'get');
    if (security) get.security = security;
    return spec;
  };

  it('catches a security requirement added to an open operation', () => {
    const found = findBreakingChanges(withSecurity([]), withSecurity(undefined));
    expect(summary(found)).toEqual(['security-requirement-added | getCustomer | security']);
    expect(found[0]?.message).toBe(
      'the operation now requires bearerAuth (it needed no authentication)',
    );
  });

  it('accepts security that is removed or loosened', () => {
    const schemes = { apiKey: API_KEY };
    for (const [base, head] of [
      [undefined, []],
      [[{ bearerAuth: [] }], [{ bearerAuth: [] }, {}]],
      [[{ bearerAuth: [] }], [{ bearerAuth: [] }, { apiKey: [] }]],
      [[{ bearerAuth: ['customers:write'] }], [{ bearerAuth: [] }]],
      [[{ bearerAuth: [], apiKey: [] }], [{ apiKey: [] }]],
    ]) {
      expect(
        findBreakingChanges(withSecurity(base, schemes), withSecurity(head, schemes)),
        JSON.stringify([base, head]),
      ).toEqual([]);
    }
  });

  it('catches narrowed alternatives, a new scope and a second scheme required together', () => {
    const schemes = { apiKey: API_KEY };
    const narrowed = (base: unknown[], head: unknown[]) =>
      findBreakingChanges(withSecurity(base, schemes), withSecurity(head, schemes)).map(
        (change) => `${change.rule}: ${change.message}`,
      );
    expect(narrowed([{ bearerAuth: [] }, { apiKey: [] }], [{ bearerAuth: [] }])).toEqual([
      'security-narrowed: a client that authenticates with apiKey is no longer accepted (now bearerAuth)',
    ]);
    expect(
      narrowed([{ bearerAuth: ['customers:read'] }], [{ bearerAuth: ['customers:read', 'admin'] }]),
    ).toEqual([
      'security-narrowed: a client that authenticates with bearerAuth [customers:read] is no longer accepted (now bearerAuth [customers:read, admin])',
    ]);
    expect(narrowed([{ bearerAuth: [] }], [{ bearerAuth: [], apiKey: [] }])).toEqual([
      'security-narrowed: a client that authenticates with bearerAuth is no longer accepted (now bearerAuth and apiKey)',
    ]);
  });

  it('catches a scheme whose type changed, in every operation that uses it', () => {
    const found = findBreakingChanges(
      realSpec(),
      variant((spec) => (at(spec, 'components', 'securitySchemes').bearerAuth = API_KEY))[1],
    );
    expect(found.length).toBeGreaterThanOrEqual(10);
    expect(
      new Set(found.map((change) => `${change.rule} | ${change.where}: ${change.message}`)),
    ).toEqual(
      new Set([
        'security-scheme-changed | security: security scheme bearerAuth changed from http bearer to apiKey in header x-api-key',
      ]),
    );
  });

  it('judges schemes by what goes on the wire, not by their name or description', () => {
    const renamed = variant((spec) => {
      const schemes = at(spec, 'components', 'securitySchemes');
      schemes.token = {
        ...(schemes.bearerAuth as object),
        scheme: 'Bearer',
        bearerFormat: 'opaque',
      };
      delete schemes.bearerAuth;
      spec.security = [{ token: [] }];
    });
    expect(changes(renamed)).toEqual([]);
  });

  it('keeps OAuth 2 clients working while every flow they may use stays', () => {
    const oauth = (flows: Record<string, unknown>) => ({ type: 'oauth2', flows });
    const clientCredentials = { tokenUrl: 'https://partnero.test/token', scopes: {} };
    const authorizationCode = {
      authorizationUrl: 'https://partnero.test/authorize',
      ...clientCredentials,
    };
    const spec = (flows: Record<string, unknown>) =>
      withSecurity([{ oauth: [] }], { oauth: oauth(flows) });
    expect(
      findBreakingChanges(
        spec({ clientCredentials }),
        spec({ clientCredentials, authorizationCode }),
      ),
    ).toEqual([]);
    expect(
      summary(
        findBreakingChanges(
          spec({ clientCredentials, authorizationCode }),
          spec({ clientCredentials }),
        ),
      ),
    ).toEqual(['security-scheme-changed | getCustomer | security']);
  });
});
