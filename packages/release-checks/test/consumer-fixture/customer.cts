// The same typed program as a CommonJS module: types reached through the `require` condition.
import { type Customer, Partnero } from '@partnero-kit/client';
import type { CreateCustomerParams } from '@partnero-kit/types';

export async function fetchCustomer(baseUrl: string): Promise<Customer> {
  const partnero = new Partnero({ apiKey: 'consumer-test-key', baseUrl, maxRetries: 0 });
  const customer: Customer = await partnero.customers.retrieve('cus_1001');
  const draft: CreateCustomerParams = { key: 'cus_2002', partner: { email: 'ada@example.com' } };
  // @ts-expect-error: real types, not `any`, so a misspelt field does not compile.
  void customer.emial;
  void draft;
  return customer;
}
