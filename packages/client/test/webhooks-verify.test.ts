// verifyWebhook against signatures made the way Partnero (and its n8n trigger) makes them:
// node:crypto's createHmac over the raw body, hex digest. Each refusal names what is wrong
// and never carries the secret.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PartneroError, verifyWebhook, WebhookVerificationError } from '../src/index.js';

const secret = 'whsec_test_5d1f0c8e';
const otherSecret = 'whsec_other_9a77';
const body = JSON.stringify({
  event: 'customer.created',
  url: 'https://example.com/hooks',
  webhook_key: 'wh_1',
  created_at: '2026-12-04T03:00:00.000000Z',
  data: { key: 'cus_1', email: 'ada@example.com', partner: 'ada' },
});
const sign = (payload: string | Uint8Array, key = secret) =>
  createHmac('sha256', key).update(payload).digest('hex');
const signature = sign(body);

/** The error `verifyWebhook` rejects with; fails the test when it resolves. */
async function refusal(params: Parameters<typeof verifyWebhook>[0]): Promise<Error> {
  const error = await verifyWebhook(params).then(
    () => new Error('verifyWebhook accepted it'),
    (e: Error) => e,
  );
  expect(error.message).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
  expect(String(error)).not.toContain(secret);
  return error;
}

describe('verifyWebhook accepts the raw body Partnero signed', () => {
  it('as a string, and returns the parsed event', async () => {
    const event = await verifyWebhook({ body, signature, secret });
    expect(event).toEqual(JSON.parse(body));
    expect(event.event).toBe('customer.created');
  });

  it('as bytes: Uint8Array, Buffer, a view into a larger buffer, ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(body);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    for (const raw of [
      bytes,
      Buffer.from(body),
      padded.subarray(4, 4 + bytes.length),
      bytes.buffer.slice(0),
    ]) {
      await expect(verifyWebhook({ body: raw, signature, secret })).resolves.toEqual(
        JSON.parse(body),
      );
    }
  });

  it('with non-ASCII text, signed over its UTF-8 bytes', async () => {
    const text = JSON.stringify({ event: 'customer.updated', data: { name: 'Zoë Łukasz 東京' } });
    const event = await verifyWebhook({ body: text, signature: sign(text), secret });
    expect(event.data).toEqual({ name: 'Zoë Łukasz 東京' });
  });

  it('with the hex in capitals or surrounded by spaces', async () => {
    await expect(
      verifyWebhook({ body, signature: ` ${signature.toUpperCase()} `, secret }),
    ).resolves.toMatchObject({ event: 'customer.created' });
  });

  it('of any length, with a secret longer than the hash block (hashed first by HMAC)', async () => {
    const longSecret = `whsec_${'k'.repeat(100)}`;
    for (const size of [0, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const text = JSON.stringify({ event: 'customer.updated', data: { note: 'x'.repeat(size) } });
      for (const key of [secret, longSecret]) {
        await expect(
          verifyWebhook({ body: text, signature: sign(text, key), secret: key }),
        ).resolves.toMatchObject({ event: 'customer.updated' });
      }
    }
  });

  it('for several secrets in turn (the cached key follows the secret)', async () => {
    const other = sign(body, otherSecret);
    await expect(
      verifyWebhook({ body, signature: other, secret: otherSecret }),
    ).resolves.toBeTruthy();
    await expect(verifyWebhook({ body, signature, secret })).resolves.toBeTruthy();
    await expect(refusal({ body, signature: other, secret })).resolves.toBeInstanceOf(
      WebhookVerificationError,
    );
  });
});

describe('verifyWebhook refuses, with WebhookVerificationError', () => {
  it('a wrong secret', async () => {
    const error = await refusal({ body, signature, secret: otherSecret });
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toBeInstanceOf(PartneroError);
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.message).toMatch(/does not match/);
  });

  it('a body with one byte changed, in every position', async () => {
    for (let i = 0; i < body.length; i += 7) {
      const changed =
        body.slice(0, i) + String.fromCharCode(body.charCodeAt(i) ^ 1) + body.slice(i + 1);
      expect(await refusal({ body: changed, signature, secret })).toBeInstanceOf(
        WebhookVerificationError,
      );
    }
  });

  it('a signature with one digit changed', async () => {
    const last = signature.at(-1) === '0' ? '1' : '0';
    const error = await refusal({ body, signature: signature.slice(0, -1) + last, secret });
    expect(error.message).toMatch(/does not match/);
  });

  it('a re-serialised body (the parsed JSON stringified again)', async () => {
    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    expect(await refusal({ body: reserialised, signature, secret })).toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('a truncated signature, naming the expected form', async () => {
    for (const truncated of [
      signature.slice(0, 63),
      signature.slice(0, 32),
      signature.slice(0, 2),
    ]) {
      const error = await refusal({ body, signature: truncated, secret });
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect(error.message).toContain('64 hex digits');
    }
  });

  it('a signature that is not hex, or has more digits', async () => {
    for (const bad of [`sha256=${signature}`, `${signature}00`, 'z'.repeat(64)]) {
      expect((await refusal({ body, signature: bad, secret })).message).toContain('64 hex digits');
    }
  });

  it('an empty or missing header', async () => {
    for (const missing of ['', '   ', null, undefined]) {
      const error = await refusal({ body, signature: missing, secret });
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect(error.message).toMatch(/no `Signature` header/);
    }
  });

  it('a body that is already an object, saying to pass the raw body', async () => {
    const parsed = JSON.parse(body);
    const error = await refusal({ body: parsed, signature, secret });
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toMatch(/is an object.*pass the raw request body/);
  });

  it('a body that is neither text nor bytes', async () => {
    for (const bad of [undefined, null, 42]) {
      const error = await refusal({ body: bad as unknown as string, signature, secret });
      expect(error.message).toMatch(/raw request body as a string or bytes/);
    }
  });

  it('a correctly signed body that is not a JSON event', async () => {
    for (const [text, reason] of [
      ['not json', /not JSON/],
      ['[1,2]', /no `event` name/],
      ['null', /no `event` name/],
    ] as const) {
      expect((await refusal({ body: text, signature: sign(text), secret })).message).toMatch(
        reason,
      );
    }
  });
});

describe('verifyWebhook without a secret', () => {
  it('throws a PartneroError (a configuration error), not a verification error', async () => {
    // An empty key would accept a body signed with an empty key by anyone.
    for (const missing of ['', undefined]) {
      const error = await verifyWebhook({
        body,
        signature: sign(body, ''),
        secret: missing as unknown as string,
      }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(PartneroError);
      expect(error).not.toBeInstanceOf(WebhookVerificationError);
      expect((error as Error).message).toMatch(/Missing `secret`/);
    }
  });
});
