// The client refuses a `limit` the spec does not allow before sending anything. Its bundle
// carries no spec, so the bound is a copy; this test holds the copy to the spec.
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../src/resources/customers.js';

describe('the page size bound', () => {
  it.each(['listCustomers', 'searchCustomers'])('is the maximum of %s limit', (operationId) => {
    const limit = loadSpec()
      .operation(operationId)
      .parameters.find((parameter) => parameter.name === 'limit');
    expect(limit?.schema).toMatchObject({ maximum: MAX_PAGE_SIZE });
  });
});
