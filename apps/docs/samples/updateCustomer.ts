import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// Only the fields you pass change; `tags` replaces every tag.
const customer = await partnero.customers.update('cus_1001', {
  name: 'Augusta',
  tags: ['paying'],
});
console.log(`Updated ${customer.key}: ${customer.name} ${customer.surname}`);
