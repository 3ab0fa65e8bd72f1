// The webhook events are one union told apart by `event`, derived from the spec's `webhooks`.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreateWebhookParams,
  Customer,
  CustomerCreatedEvent,
  CustomerDeletedEvent,
  CustomerUpdatedEvent,
  OperationId,
  Webhook,
  WebhookEvent,
  WebhookEventName,
} from '../src/index.js';

describe('the event union', () => {
  it('is exactly the three customer events', () => {
    expectTypeOf<WebhookEvent>().toEqualTypeOf<
      CustomerCreatedEvent | CustomerUpdatedEvent | CustomerDeletedEvent
    >();
    expectTypeOf<WebhookEvent['event']>().toEqualTypeOf<WebhookEventName>();
    expectTypeOf<WebhookEventName>().toEqualTypeOf<
      'customer.created' | 'customer.updated' | 'customer.deleted'
    >();
  });

  it('narrows on event', () => {
    const handle = (event: WebhookEvent) => {
      if (event.event === 'customer.deleted')
        expectTypeOf(event).toEqualTypeOf<CustomerDeletedEvent>();
      expectTypeOf(event.data).toEqualTypeOf<Customer>();
    };
    void handle;
  });

  it('refuses an unknown event name', () => {
    const envelope = { url: 'https://x.io', webhook_key: 'k', created_at: 't' };
    // @ts-expect-error partner.created is not one of the customer events
    const unknown: WebhookEvent['event'] = 'partner.created';
    // @ts-expect-error an event with an unknown name is no WebhookEvent
    const wrong: WebhookEvent = { ...envelope, event: 'customer.exploded', data: {} as Customer };
    void unknown;
    void wrong;
  });

  it('fails an exhaustiveness check that leaves an event out', () => {
    const partial = (event: WebhookEvent): string => {
      switch (event.event) {
        case 'customer.created':
          return 'new';
        case 'customer.updated':
          return 'changed';
        default: {
          // @ts-expect-error customer.deleted is not handled, so event is not never here
          const unhandled: never = event;
          return unhandled;
        }
      }
    };
    void partial;
  });
});

describe('webhook subscriptions', () => {
  it('require name, url and events on create, and answer the signature', () => {
    const ok: CreateWebhookParams = {
      name: 'n',
      url: 'https://x.io',
      events: ['customer.created'],
    };
    void ok;
    // @ts-expect-error url is required
    const noUrl: CreateWebhookParams = { name: 'n', events: ['customer.created'] };
    void noUrl;
    expectTypeOf<Webhook['signature']>().toEqualTypeOf<string>();
  });

  it('keep the deliveries out of the operations you call', () => {
    expectTypeOf<'createWebhook'>().toExtend<OperationId>();
    expectTypeOf<'customerCreatedEvent'>().not.toExtend<OperationId>();
  });
});
