// What the client's webhook API accepts and returns, at compile time: verifyWebhook gives
// the event union of the spec, told apart by `event`, so a handler that forgets an event
// fails an exhaustiveness check; the management methods take the spec's bodies.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Customer,
  type CustomerCreatedEvent,
  type CustomerDeletedEvent,
  type CustomerUpdatedEvent,
  type Partnero,
  verifyWebhook,
  type Webhook,
  type WebhookEvent,
} from '../src/index.js';

declare const partnero: Partnero;

describe('verifyWebhook', () => {
  it('resolves to the union of the customer events, discriminated by event', () => {
    expectTypeOf(verifyWebhook).returns.resolves.toEqualTypeOf<WebhookEvent>();
    expectTypeOf<WebhookEvent>().toEqualTypeOf<
      CustomerCreatedEvent | CustomerUpdatedEvent | CustomerDeletedEvent
    >();
    const handle = (event: WebhookEvent) => {
      if (event.event === 'customer.created')
        expectTypeOf(event).toEqualTypeOf<CustomerCreatedEvent>();
      else if (event.event === 'customer.updated')
        expectTypeOf(event).toEqualTypeOf<CustomerUpdatedEvent>();
      else expectTypeOf(event).toEqualTypeOf<CustomerDeletedEvent>();
      expectTypeOf(event.data).toEqualTypeOf<Customer>();
    };
    void handle;
  });

  it('refuses an unknown event name in a comparison and in a switch', () => {
    const handle = (event: WebhookEvent) => {
      // @ts-expect-error customer.exploded is not an event the spec describes
      if (event.event === 'customer.exploded') return;
      switch (event.event) {
        // @ts-expect-error partner.created is not one of the events the union holds
        case 'partner.created':
          return;
      }
    };
    void handle;
  });

  it('a switch that covers every event passes an exhaustiveness check; one missing fails', () => {
    const never = (value: never): never => {
      throw new Error(`unhandled event ${JSON.stringify(value)}`);
    };
    const complete = (event: WebhookEvent): string => {
      switch (event.event) {
        case 'customer.created':
          return 'new';
        case 'customer.updated':
          return 'changed';
        case 'customer.deleted':
          return 'gone';
        default:
          return never(event);
      }
    };
    const incomplete = (event: WebhookEvent): string => {
      switch (event.event) {
        case 'customer.created':
          return 'new';
        case 'customer.updated':
          return 'changed';
        default:
          // @ts-expect-error customer.deleted is not handled, so `event` is not `never`
          return never(event);
      }
    };
    void complete;
    void incomplete;
  });

  it('takes a string or bytes as the body, and refuses parsed JSON at compile time', () => {
    const signature = 'ab';
    const secret = 's';
    void verifyWebhook({ body: '{}', signature, secret });
    void verifyWebhook({ body: new Uint8Array(), signature: null, secret });
    void verifyWebhook({ body: new ArrayBuffer(0), signature: undefined, secret });
    // @ts-expect-error the parsed body is an object: pass the raw body
    void verifyWebhook({ body: { event: 'customer.created' }, signature, secret });
    // @ts-expect-error the secret is required
    void verifyWebhook({ body: '{}', signature });
  });
});

describe('partnero.webhooks', () => {
  it('is typed from the spec', () => {
    expectTypeOf(partnero.webhooks.list).returns.resolves.toEqualTypeOf<Webhook[]>();
    expectTypeOf(partnero.webhooks.retrieve).returns.resolves.toEqualTypeOf<Webhook>();
    expectTypeOf(partnero.webhooks.delete).returns.resolves.toEqualTypeOf<void>();
    void partnero.webhooks.create({
      name: 'sync',
      url: 'https://example.com/hooks',
      events: ['customer.created', 'customer.deleted'],
    });
    const unknownEvent = { name: 'sync', url: 'https://x.io', events: ['customer.exploded'] };
    // @ts-expect-error events must be event names the spec lists
    void partnero.webhooks.create(unknownEvent);
    // @ts-expect-error url is required
    void partnero.webhooks.create({ name: 'sync', events: ['customer.created'] });
    void partnero.webhooks.update('wh_1', { is_active: false });
    // @ts-expect-error signature is the API's to choose, not a field to update
    void partnero.webhooks.update('wh_1', { signature: 'mine' });
  });
});
