// A Hono app that receives Partnero's webhooks, for Cloudflare Workers, Bun, Deno or Node
// (`export default app` is the Workers entry point). The secret comes from the binding
// PARTNERO_WEBHOOK_SECRET (`wrangler secret put PARTNERO_WEBHOOK_SECRET`).
import { verifyWebhook, WebhookVerificationError } from '@partnero-kit/client';
import { Hono } from 'hono';

const app = new Hono<{ Bindings: { PARTNERO_WEBHOOK_SECRET: string } }>();

app.post('/partnero/webhooks', async (c) => {
  try {
    const event = await verifyWebhook({
      body: await c.req.arrayBuffer(), // the raw bytes: never `await c.req.json()` here
      signature: c.req.header('signature'),
      secret: c.env.PARTNERO_WEBHOOK_SECRET,
    });
    switch (event.event) {
      case 'customer.created':
        console.log(`new customer ${event.data.key}, referred by ${event.data.partner}`);
        break;
      case 'customer.updated':
        console.log(`customer ${event.data.key} changed`);
        break;
      case 'customer.deleted':
        console.log(`customer ${event.data.key} deleted`);
        break;
    }
    return c.body(null, 204);
  } catch (error) {
    // Not from Partnero, or changed on the way: refuse it, and do not act on it.
    if (error instanceof WebhookVerificationError) return c.text(error.message, 400);
    throw error;
  }
});

export default app;
