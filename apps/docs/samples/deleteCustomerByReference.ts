import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// Name the customer by email instead of key: the client sends DELETE /v1/customers.
await partnero.customers.delete({ email: 'ada@example.com' });
console.log('Deleted the customer ada@example.com');
