// Readable names for the generated types. The generated file is the contract; this file
// only gives its most used parts names that read well in application code.
import type { components, operations, paths, webhooks } from './generated/openapi.js';

export type { components, operations, paths, webhooks };

type Schemas = components['schemas'];

/** A customer as the API returns it. */
export type Customer = Schemas['Customer'];
/** A tag attached to a customer, as the API returns it. */
export type CustomerTag = Schemas['Tag'];
/** Body of `POST /v1/customers`. */
export type CreateCustomerParams = Schemas['CreateCustomerRequest'];
/** The partner a new customer is attributed to: by `key`, `id` or `email`. */
export type PartnerReference = Schemas['PartnerReference'];
/** Names one customer by `key` or by `email`. */
export type CustomerReference = Schemas['CustomerReference'];
/** The fields an update may change. */
export type UpdateCustomerParams = Schemas['CustomerChanges'];
/** Body of `PUT /v1/customers/{key}`. */
export type UpdateCustomerRequest = Schemas['UpdateCustomerRequest'];
/** Body of `PUT /v1/customers`: the customer by `key` or `email`, plus `update`. */
export type UpdateCustomerByReferenceRequest = Schemas['UpdateCustomerByReferenceRequest'];
/** Query of `GET /v1/customers`. */
export type ListCustomersParams = NonNullable<operations['listCustomers']['parameters']['query']>;
/** Query of `GET /v1/customers:search`. */
export type SearchCustomersParams = NonNullable<
  operations['searchCustomers']['parameters']['query']
>;
/** One page of customers, in the API's envelope. */
export type CustomerList = Schemas['CustomerList'];
/** Pagination links of a page. */
export type PageLinks = Schemas['PageLinks'];
/** Pagination counters of a page. */
export type PageMeta = Schemas['PageMeta'];
/** A single customer, in the API's envelope. */
export type CustomerResponse = Schemas['CustomerResponse'];
/** The body of delete, suspend and approve: `{ status: 1 }`. */
export type StatusResponse = Schemas['StatusResponse'];
/** The body of every error response; `errors` is set on validation failures. */
export type ApiError = Schemas['Error'];
/**
 * The `operationId`s of the webhook deliveries under the spec's `webhooks`, which
 * openapi-typescript lists in `operations` too (the spec's tests keep `Event` for them).
 */
export type WebhookOperationId = Extract<keyof operations, `${string}Event`>;
/** Every `operationId` of the API's own operations (the requests you send). */
export type OperationId = Exclude<keyof operations, WebhookOperationId>;

/** A webhook subscription as the API returns it, with its signing secret. */
export type Webhook = Schemas['Webhook'];
/** Body of `POST /v1/webhooks`. */
export type CreateWebhookParams = Schemas['CreateWebhookRequest'];
/** Body of `PUT /v1/webhooks/{key}`: the fields to change. */
export type UpdateWebhookParams = Schemas['UpdateWebhookRequest'];
/** Every webhook of the program, in the API's envelope. */
export type WebhookList = Schemas['WebhookList'];
/** A single webhook, in the API's envelope. */
export type WebhookResponse = Schemas['WebhookResponse'];
/** The name of an event a webhook can subscribe to, such as `customer.created`. */
export type WebhookEventName = Schemas['WebhookEventName'];
/** The fields every customer event carries. */
export type CustomerEventEnvelope = Schemas['CustomerEventEnvelope'];
/** `customer.created`: `data` is the new customer. */
export type CustomerCreatedEvent = Schemas['CustomerCreatedEvent'];
/** `customer.updated`: `data` is the customer after the change. */
export type CustomerUpdatedEvent = Schemas['CustomerUpdatedEvent'];
/** `customer.deleted`: `data` is the customer just before the deletion. */
export type CustomerDeletedEvent = Schemas['CustomerDeletedEvent'];
/** The payload of each event the spec's `webhooks` describe, by event name. */
export type WebhookEventsByName = {
  [Name in keyof webhooks]: webhooks[Name]['post']['requestBody']['content']['application/json'];
};
/** Any event the API delivers, discriminated by `event`: `switch (event.event)` narrows it. */
export type WebhookEvent = WebhookEventsByName[keyof webhooks];
