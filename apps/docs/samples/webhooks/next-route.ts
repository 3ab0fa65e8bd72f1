// A Next.js route handler (app/partnero/webhooks/route.ts) that receives Partnero's
// webhooks. It only uses the web `Request` and `Response`, so it needs nothing from Next.
import { verifyWebhook, WebhookVerificationError } from '@partnero-kit/client';

export async function POST(request: Request): Promise<Response> {
  try {
    const event = await verifyWebhook({
      body: await request.text(), // the raw body: never `await request.json()` here
      signature: request.headers.get('signature'),
      secret: process.env.PARTNERO_WEBHOOK_SECRET ?? '',
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
    return new Response(null, { status: 204 });
  } catch (error) {
    // Not from Partnero, or changed on the way: refuse it, and do not act on it.
    if (error instanceof WebhookVerificationError) {
      return new Response(error.message, { status: 400 });
    }
    throw error;
  }
}
