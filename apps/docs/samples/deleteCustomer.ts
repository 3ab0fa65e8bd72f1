import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// Permanent: suspend the customer instead if you may need it again.
await partnero.customers.delete('cus_1001');
console.log('Deleted cus_1001');
