import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// Name the customer by email instead of key: the client sends PUT /v1/customers.
const customer = await partnero.customers.update(
  { email: 'ada@example.com' },
  { email: 'augusta@example.com' },
);
console.log(`Updated ${customer.key}`);
