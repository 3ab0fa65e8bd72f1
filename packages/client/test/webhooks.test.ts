// partnero.webhooks: each method sends the request the spec describes (method, path, body)
// and resolves to the envelope's data; errors map to their classes; keys are checked
// before anything is sent. A scripted server on 127.0.0.1 plays the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, Partnero, PartneroError, ValidationError } from '../src/index.js';
import { json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const webhook = {
  key: 'wh_1',
  name: 'Customer sync',
  url: 'https://example.com/hooks',
  events: ['customer.created', 'customer.deleted'],
  is_active: true,
  signature: 'whsec_abc',
};

let server: TestServer;
let partnero: Partnero;
beforeAll(async () => {
  server = await startServer((_req, res, seen) => {
    const path = seen.url;
    if (path === '/v1/webhooks/missing') return json(res, 404, { message: 'Not found.' });
    if (seen.method === 'POST' && JSON.parse(seen.body).url === 'ftp://x') {
      return json(res, 422, {
        message: 'The given data was invalid.',
        errors: { url: ['The url must be an http or https URL.'] },
      });
    }
    if (seen.method === 'DELETE') return json(res, 200, { status: 1 });
    if (seen.method === 'GET' && path === '/v1/webhooks') {
      return json(res, 200, { data: [webhook], status: 1 });
    }
    const changes = seen.body ? JSON.parse(seen.body) : {};
    return json(res, 200, { data: { ...webhook, ...changes }, status: 1 });
  });
  partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url, maxRetries: 0 });
});
afterAll(() => server?.close());

const last = () => server.requests.at(-1);

describe('partnero.webhooks', () => {
  it('list: GET /v1/webhooks, resolving to the array of webhooks', async () => {
    await expect(partnero.webhooks.list()).resolves.toEqual([webhook]);
    expect(last()).toMatchObject({ method: 'GET', url: '/v1/webhooks', body: '' });
  });

  it('create: POST /v1/webhooks with the body as given, resolving to the webhook with its secret', async () => {
    const params = {
      name: 'Customer sync',
      url: 'https://example.com/hooks',
      events: ['customer.created' as const],
    };
    const created = await partnero.webhooks.create(params);
    expect(created).toMatchObject({ ...params, signature: 'whsec_abc' });
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/webhooks' });
    expect(JSON.parse(last()?.body ?? '')).toEqual(params);
    expect(last()?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('retrieve: GET /v1/webhooks/{key}, the key URL-encoded', async () => {
    await expect(partnero.webhooks.retrieve('wh 1/a')).resolves.toEqual(webhook);
    expect(last()).toMatchObject({ method: 'GET', url: '/v1/webhooks/wh%201%2Fa' });
  });

  it('update: PUT /v1/webhooks/{key} with the changes at the top level', async () => {
    const updated = await partnero.webhooks.update('wh_1', { is_active: false });
    expect(updated.is_active).toBe(false);
    expect(last()).toMatchObject({ method: 'PUT', url: '/v1/webhooks/wh_1' });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ is_active: false });
  });

  it('delete: DELETE /v1/webhooks/{key}, resolving to nothing', async () => {
    await expect(partnero.webhooks.delete('wh_1')).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'DELETE', url: '/v1/webhooks/wh_1' });
  });

  it('maps 404 and 422 to NotFoundError and ValidationError naming the field', async () => {
    await expect(partnero.webhooks.retrieve('missing')).rejects.toBeInstanceOf(NotFoundError);
    const error = await partnero.webhooks
      .create({ name: 'x', url: 'ftp://x', events: ['customer.created'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({
      url: ['The url must be an http or https URL.'],
    });
  });

  it('refuses an empty key before sending anything, rejecting the returned promise', async () => {
    const sent = server.requests.length;
    // Argument errors reject (issue 20), so `Promise.allSettled` over many calls settles.
    for (const call of [
      () => partnero.webhooks.retrieve(''),
      () => partnero.webhooks.update(' ', { name: 'x' }),
      () => partnero.webhooks.delete(undefined as unknown as string),
    ]) {
      await expect(call()).rejects.toThrow(PartneroError);
      await expect(call()).rejects.toThrow(/key/);
    }
    expect(server.requests.length).toBe(sent);
  });
});
