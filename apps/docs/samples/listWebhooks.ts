import { Partnero } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

for (const webhook of await partnero.webhooks.list()) {
  const state = webhook.is_active ? 'active' : 'paused';
  console.log(`${webhook.key} → ${webhook.url} (${webhook.events.join(', ')}), ${state}`);
}
