// Each error class: which response yields it, its fields and its message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APIResponseValidationError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  Partnero,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from '../src/index.js';
import { json, startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
// Each test names the answer it wants in the path: /v1/customers/<status>-<variant>.
beforeAll(async () => {
  server = await startServer((_req, res, seen) => {
    const [status, variant] = decodeURIComponent(seen.url.split('/')[3] ?? '').split('-');
    const code = Number(status);
    const headers: Record<string, string> = { 'x-request-id': `req_${code}` };
    if (variant === 'html') {
      res.writeHead(code, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (variant === 'empty') {
      res.writeHead(code, { 'request-id': 'alt_1' });
      return res.end();
    }
    if (variant === 'status0') return json(res, code, { status: 0, message: 'Quota exceeded' });
    if (variant === 'nostatus') return json(res, code, { data: {} });
    if (code === 422) {
      return json(
        res,
        422,
        {
          message: 'The given data was invalid.',
          errors: { email: ['The email has already been taken.'], key: ['The key is required.'] },
        },
        headers,
      );
    }
    if (code === 429) headers['retry-after'] = '7';
    json(res, code, { message: `Server says ${code}` }, headers);
  });
});
afterAll(() => server.close());

const failure = async (path: string): Promise<unknown> => {
  const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url, maxRetries: 0 });
  return partnero.customers.retrieve(path).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
};

describe('error classes by status', () => {
  it.each([
    [400, BadRequestError, 'BadRequestError'],
    [401, AuthenticationError, 'AuthenticationError'],
    [403, PermissionDeniedError, 'PermissionDeniedError'],
    [404, NotFoundError, 'NotFoundError'],
    [422, ValidationError, 'ValidationError'],
    [429, RateLimitError, 'RateLimitError'],
    [500, InternalServerError, 'InternalServerError'],
    [503, InternalServerError, 'InternalServerError'],
  ])('%i → %o', async (status, ErrorClass, name) => {
    const error = (await failure(String(status))) as APIError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(PartneroError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.headers.get('x-request-id')).toBe(`req_${status}`);
    expect(error.requestId).toBe(`req_${status}`);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it('another 4xx is a plain APIError', async () => {
    const error = (await failure('409')) as APIError;
    expect(error.constructor).toBe(APIError);
    expect(error.name).toBe('APIError');
    expect(error.status).toBe(409);
    expect(error.message).toBe('Server says 409.');
    expect(error.body).toEqual({ message: 'Server says 409' });
  });

  it("the message is the body's message plus what to do, as sentences", async () => {
    const error = (await failure('401')) as APIError;
    expect(error.message).toBe('Server says 401. Check the API key (apiKey, PARTNERO_API_KEY).');
    expect(((await failure('404')) as APIError).message).toBe(
      'Server says 404. Check the key or email.',
    );
  });

  it('ValidationError carries errors per field and names the fields in its message', async () => {
    const error = (await failure('422')) as ValidationError;
    expect(error.errors).toEqual({
      email: ['The email has already been taken.'],
      key: ['The key is required.'],
    });
    expect(error.message).toBe(
      'The given data was invalid. Rejected fields: email: The email has already been taken; key: The key is required. Fix these fields.',
    );
  });

  it('RateLimitError carries retryAfter in seconds', async () => {
    const error = (await failure('429')) as RateLimitError;
    expect(error.retryAfter).toBe(7);
  });

  it('an HTML 502 page still yields InternalServerError with a useful message', async () => {
    const error = (await failure('502-html')) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toBe('The API answered HTTP 502 with no message. Try again later.');
    expect(error.body).toContain('502 Bad Gateway');
  });

  it('an empty error body yields the right class, and request-id is read too', async () => {
    const error = (await failure('404-empty')) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.body).toBeUndefined();
    expect(error.message).toBe(
      'The API answered HTTP 404 with no message. Check the key or email.',
    );
    expect(error.requestId).toBe('alt_1');
  });

  it('a 2xx whose body has status other than 1 is an APIError, not a success', async () => {
    const error = (await failure('200-status0')) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      'The API reported a failure: its HTTP 200 answer has `status` 0, not 1. Quota exceeded.',
    );
    // No `status` at all: not the envelope, so the client does not guess either way.
    const missing = (await failure('200-nostatus')) as APIResponseValidationError;
    expect(missing).toBeInstanceOf(APIResponseValidationError);
    expect(missing.message).toBe(
      "The HTTP 200 answer is not the API's envelope: its body has no `status`. Check `baseUrl`.",
    );
  });

  it('connection, timeout and abort errors sit beside APIError under PartneroError', () => {
    expect(new APITimeoutError('x')).toBeInstanceOf(APIConnectionError);
    for (const ErrorClass of [APIConnectionError, APITimeoutError, APIUserAbortError]) {
      const error = new ErrorClass('x');
      expect(error).toBeInstanceOf(PartneroError);
      expect(error).not.toBeInstanceOf(APIError);
      expect(error.name).toBe(ErrorClass.name);
    }
  });

  it('toJSON gives name, message and the API fields', async () => {
    const error = (await failure('404')) as APIError;
    const plain = JSON.parse(JSON.stringify(error));
    expect(plain).toMatchObject({
      name: 'NotFoundError',
      message: 'Server says 404. Check the key or email.',
      status: 404,
      requestId: 'req_404',
      body: { message: 'Server says 404' },
    });
  });
});
