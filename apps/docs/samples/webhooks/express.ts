// An Express app that receives Partnero's webhooks. Run it with PORT set, and subscribe
// http://<your host>:<PORT>/partnero/webhooks with `partnero webhooks create`.
import { verifyWebhook, WebhookVerificationError } from '@partnero-kit/client';
import express from 'express';

export const app: express.Express = express();

// express.raw, not express.json: the signature covers the body's exact bytes.
app.post(
  '/partnero/webhooks',
  express.raw({ type: 'application/json' }),
  async (req, res, next) => {
    try {
      const event = await verifyWebhook({
        body: req.body, // a Buffer
        signature: req.get('signature'),
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
      res.sendStatus(204);
    } catch (error) {
      // Not from Partnero, or changed on the way: refuse it, and do not act on it.
      if (error instanceof WebhookVerificationError) res.status(400).send(error.message);
      else next(error);
    }
  },
);

if (process.env.PORT) app.listen(Number(process.env.PORT), '127.0.0.1');
