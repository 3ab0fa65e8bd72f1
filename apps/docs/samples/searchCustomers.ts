import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// One page of the customers that match; Partnero does not say whether the match is exact.
const page = await partnero.customers.search({ email: 'ada@example.com' });
for (const customer of page.data) {
  console.log(`${customer.email} is customer ${customer.key}`);
}
if (page.data.length === 0) console.log('No customer matches this email address');

// Or walk every match: for await (const customer of partnero.customers.search({ email })) { ... }
