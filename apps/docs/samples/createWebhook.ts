import { Partnero, ValidationError } from '@partnero-kit/client';

const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });

try {
  const webhook = await partnero.webhooks.create({
    name: 'Customer sync',
    url: 'https://example.com/partnero/webhooks',
    events: ['customer.created', 'customer.updated', 'customer.deleted'],
  });
  // `signature` signs every delivery: give it to your receiver (verifyWebhook) as a secret.
  console.log(`Created ${webhook.key}; store its signing secret securely`);
} catch (error) {
  // 422: `errors` names the field, e.g. a URL that is not http(s) or an unknown event.
  if (error instanceof ValidationError) console.error(error.message, error.errors);
  throw error;
}
