import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

await partnero.customers.approve('cus_1001');
console.log('Approved cus_1001');
