import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

// Pause deliveries without losing the subscription; `{ is_active: true }` resumes them.
const webhook = await partnero.webhooks.update('wh_customers', { is_active: false });
console.log(`Updated ${webhook.key}`);
