import { createHmac } from 'node:crypto';

/** The `Signature` header of a delivery: hex HMAC-SHA256 of the raw body, keyed with the secret. */
export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
