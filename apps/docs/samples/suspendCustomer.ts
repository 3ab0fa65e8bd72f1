import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// The customer stays on record, but its activity no longer earns its partner anything.
await partnero.customers.suspend('cus_1001');
console.log('Suspended cus_1001');
