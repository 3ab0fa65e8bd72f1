import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

const webhook = await partnero.webhooks.retrieve('wh_customers');
console.log(`${webhook.key}: ${webhook.name} → ${webhook.url}`);
