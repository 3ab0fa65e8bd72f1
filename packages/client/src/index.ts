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
export type { Middleware, OutgoingRequest } from './core/attempt.js';
export {
  APIConnectionError,
  APIError,
  APIResponseValidationError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CustomerConflictError,
  InternalServerError,
  isRetryableError,
  MissingApiKeyError,
  NotFoundError,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from './core/errors.js';
export type { Logger } from './core/log.js';
export { isIdempotent } from './core/operation.js';
export { Page, type PagePromise } from './core/pagination.js';
export type { RequestOptions } from './core/request.js';
export { backoffMs, isRetryableStatus, neverReachedServer, retryAfterMs } from './core/retry.js';
export type { LogLevel } from './core/settings.js';
export type { CustomerSelector } from './core/validate.js';
export { type CustomerSearch, Customers, MAX_PAGE_SIZE } from './resources/customers.js';
export { Webhooks } from './resources/webhooks.js';
export {
  type VerifyWebhookParams,
  verifyWebhook,
  WebhookVerificationError,
} from './webhooks/verify.js';
