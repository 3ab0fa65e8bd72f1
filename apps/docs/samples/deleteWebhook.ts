import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

await partnero.webhooks.delete('wh_customers');
console.log('Deleted webhook wh_customers');
