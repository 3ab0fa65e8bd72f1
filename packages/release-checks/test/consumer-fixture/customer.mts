// A typed ES module program, checked by tsc in the consumer project and run against Prism.
import { type Customer, Partnero } from '@partnero-kit/client';
import { loadSpec, type Operation } from '@partnero-kit/openapi/runtime';
import type { CreateCustomerParams, paths } from '@partnero-kit/types';

type GetCustomer = paths['/v1/customers/{key}']['get'];

export async function fetchCustomer(baseUrl: string): Promise<Customer> {
  const partnero = new Partnero({ apiKey: 'consumer-test-key', baseUrl, maxRetries: 0 });
  const customer: Customer = await partnero.customers.retrieve('cus_1001');
  const status: GetCustomer['responses'][200]['content']['application/json']['status'] = 1;
  const draft: CreateCustomerParams = { key: 'cus_2002', partner: { key: 'partner_ada' } };
  // @ts-expect-error: real types, not `any`, so a misspelt field does not compile.
  void customer.emial;
  void status;
  void draft;
  return customer;
}

/** The spec runtime's types resolve from its tarball too (ES modules only). */
export function operationIds(): string[] {
  return [...loadSpec().operations.values()].map((operation: Operation) => operation.id);
}
