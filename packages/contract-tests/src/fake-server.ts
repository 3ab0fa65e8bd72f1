// A small in-memory implementation of the Customers API on 127.0.0.1, used to prove that the
// any-server suite passes against a server that keeps the contract and fails against one
// that breaks it. It is not a sandbox: just enough behaviour for the lifecycle scenario.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Deliberate contract breaks, each confined to one operation so that a failing test points
 * at the defect that caused it:
 * - `wrong-types`: `GET /v1/customers/{key}` sends `deleted` as a string and `created_at` as a number.
 * - `missing-envelope`: `GET /v1/customers` sends the bare array, without `data`/`links`/`meta`/`status`.
 * - `wrong-status`: `DELETE /v1/customers/{key}` answers 204 with no body instead of 200 `{status: 1}`.
 */
export type Defect = 'wrong-types' | 'missing-envelope' | 'wrong-status';

export interface FakeServerOptions {
  /** The bearer token the server accepts. */
  token: string;
  /** Keys of the partners that exist; creating a customer for any other is a 400. */
  partners?: string[];
  defects?: Defect[];
}

export interface RunningFakeServer {
  url: string;
  stop(): Promise<void>;
}

interface StoredCustomer {
  key: string;
  partner: string;
  deleted: boolean;
  name: string | null;
  surname: string | null;
  email: string | null;
  status: 'active' | 'suspended';
  tags: { value: string }[];
  created_at: string;
  updated_at: string;
  deleted_at: null;
}

type Body = Record<string, unknown>;
type Reply = { status: number; body?: unknown };

const now = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const notFound: Reply = { status: 404, body: { message: 'Customer not found' } };
const invalid = (field: string, reason: string): Reply => ({
  status: 422,
  body: { message: reason, errors: { [field]: [reason] } },
});

export async function startFakeServer(options: FakeServerOptions): Promise<RunningFakeServer> {
  const defects = new Set(options.defects ?? []);
  const partners = new Set(options.partners ?? ['partner_ada']);
  const customers = new Map<string, StoredCustomer>();

  const findByEmail = (email: unknown) =>
    [...customers.values()].find((customer) => customer.email === email);
  const find = (reference: Body) =>
    typeof reference.key === 'string' ? customers.get(reference.key) : findByEmail(reference.email);

  function create(body: Body): Reply {
    const partner = body.partner as Body | undefined;
    if (typeof body.key !== 'string' || body.key === '') {
      return invalid('key', 'The key field is required.');
    }
    if (!partner || typeof partner.key !== 'string' || !partners.has(partner.key)) {
      return { status: 400, body: { message: 'Invalid partner key' } };
    }
    if (customers.has(body.key)) return invalid('key', 'The key has already been taken.');
    if (body.email !== undefined && findByEmail(body.email)) {
      return invalid('email', 'The email has already been taken.');
    }
    const stamp = now();
    const customer: StoredCustomer = {
      key: body.key,
      partner: partner.key,
      deleted: false,
      name: typeof body.name === 'string' ? body.name : null,
      surname: typeof body.surname === 'string' ? body.surname : null,
      email: typeof body.email === 'string' ? body.email : null,
      status: 'active',
      tags: Array.isArray(body.tags) ? body.tags.map((value) => ({ value: String(value) })) : [],
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    customers.set(customer.key, customer);
    return { status: 200, body: { data: customer, status: 1 } };
  }

  function update(customer: StoredCustomer | undefined, changes: Body | undefined): Reply {
    if (!customer) return notFound;
    if (!changes || typeof changes !== 'object')
      return invalid('update', 'The update field is required.');
    if (typeof changes.key === 'string' && changes.key !== customer.key) {
      if (customers.has(changes.key))
        return invalid('update.key', 'The key has already been taken.');
      customers.delete(customer.key);
      customer.key = changes.key;
      customers.set(customer.key, customer);
    }
    for (const field of ['email', 'name', 'surname'] as const) {
      if (typeof changes[field] === 'string') customer[field] = changes[field];
    }
    if (Array.isArray(changes.tags))
      customer.tags = changes.tags.map((value) => ({ value: String(value) }));
    customer.updated_at = now();
    return { status: 200, body: { data: customer, status: 1 } };
  }

  function remove(customer: StoredCustomer | undefined): Reply {
    if (!customer) return notFound;
    customers.delete(customer.key);
    return { status: 200, body: { status: 1 } };
  }

  function list(query: URLSearchParams, origin: string): Reply {
    const limit = Number(query.get('limit') ?? 15);
    const page = Number(query.get('page') ?? 1);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      return invalid('limit', 'The limit must be between 1 and 250.');
    }
    if (!Number.isInteger(page) || page < 1) return invalid('page', 'The page must be at least 1.');
    const partnerKey = query.get('partner.key');
    const all = [...customers.values()].filter(
      (customer) => partnerKey === null || customer.partner === partnerKey,
    );
    const data = all.slice((page - 1) * limit, page * limit);
    const path = `${origin}/v1/customers`;
    const pageUrl = (number: number) => `${path}?page=${number}`;
    const from = data.length ? (page - 1) * limit + 1 : null;
    return {
      status: 200,
      body: {
        data,
        links: {
          first: pageUrl(1),
          last: null,
          prev: page > 1 ? pageUrl(page - 1) : null,
          next: page * limit < all.length ? pageUrl(page + 1) : null,
        },
        meta: {
          current_page: page,
          from,
          path,
          per_page: limit,
          to: from === null ? null : from + data.length - 1,
        },
        status: 1,
      },
    };
  }

  function route(method: string, url: URL, body: Body): Reply {
    const path = url.pathname;
    if (path === '/v1/customers') {
      if (method === 'GET') {
        const page = list(url.searchParams, url.origin);
        if (defects.has('missing-envelope') && page.status === 200) {
          return { status: 200, body: (page.body as Body).data };
        }
        return page;
      }
      if (method === 'POST') return create(body);
      if (method === 'PUT') return update(find(body), body.update as Body | undefined);
      if (method === 'DELETE') return remove(find(body));
    }
    if (path === '/v1/customers:search' && method === 'GET') {
      const email = url.searchParams.get('email');
      const key = url.searchParams.get('key');
      const customer = find(email === null ? { key } : { email });
      return customer ? { status: 200, body: { data: customer, status: 1 } } : notFound;
    }
    const match = /^\/v1\/customers\/([^/]+)(?:\/(suspend|approve))?$/.exec(path);
    if (match) {
      const customer = customers.get(decodeURIComponent(match[1] ?? ''));
      const action = match[2];
      if (action && method === 'POST') {
        if (!customer) return notFound;
        customer.status = action === 'suspend' ? 'suspended' : 'active';
        return { status: 200, body: { status: 1 } };
      }
      if (!action && method === 'GET') {
        if (!customer) return notFound;
        if (defects.has('wrong-types')) {
          return {
            status: 200,
            body: { data: { ...customer, deleted: 'no', created_at: Date.now() }, status: 1 },
          };
        }
        return { status: 200, body: { data: customer, status: 1 } };
      }
      if (!action && method === 'PUT') return update(customer, body.update as Body | undefined);
      if (!action && method === 'DELETE') {
        const reply = remove(customer);
        return defects.has('wrong-status') && reply.status === 200 ? { status: 204 } : reply;
      }
    }
    return { status: 404, body: { message: `No route for ${method} ${path}` } };
  }

  async function answer(request: IncomingMessage): Promise<Reply> {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return { status: 401, body: { message: 'Unauthenticated.' } };
    }
    const text = await readBody(request);
    let body: Body;
    try {
      body = text ? (JSON.parse(text) as Body) : {};
    } catch {
      return { status: 400, body: { message: 'The body is not valid JSON.' } };
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    return route(request.method ?? 'GET', url, body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const reply = await answer(request);
    if (reply.body === undefined) {
      response.writeHead(reply.status).end();
      return;
    }
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `fake server fault: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
