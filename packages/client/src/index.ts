export type {
  CreateCustomerParams,
  CreateWebhookParams,
  Customer,
  CustomerCreatedEvent,
  CustomerDeletedEvent,
  CustomerReference,
  CustomerUpdatedEvent,
  ListCustomersParams,
  PageLinks,
  PageMeta,
  PartnerReference,
  SearchCustomersParams,
  UpdateCustomerParams,
  UpdateWebhookParams,
  Webhook,
  WebhookEvent,
  WebhookEventName,
} from '@partnero-kit/types';
export { type ClientOptions, Partnero } from './client.js';
export type { APIPromise, WithResponse } from './core/api-promise.js';
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  isRetryableError,
  MissingApiKeyError,
  NotFoundError,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from './core/errors.js';
export { Page, type PagePromise } from './core/pagination.js';
export type { Logger, RequestOptions } from './core/request.js';
export { backoffMs, isRetryableStatus, neverReachedServer, retryAfterMs } from './core/retry.js';
export type { CustomerSelector } from './core/validate.js';
export { type CustomerSearch, Customers, MAX_PAGE_SIZE } from './resources/customers.js';
export { Webhooks } from './resources/webhooks.js';
export {
  type VerifyWebhookParams,
  verifyWebhook,
  WebhookVerificationError,
} from './webhooks/verify.js';
