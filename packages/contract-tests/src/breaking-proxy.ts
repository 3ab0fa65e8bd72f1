// A small proxy in front of a real server (the sandbox, in the tests) that breaks chosen
// behaviours of its answers, so tests can show that a suite or report notices each one.
// Everything it does not break passes through unchanged; the API itself lives only in the
// server behind it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpExchange } from './http-exchange.js';
import { matchOperation } from './spec.js';

interface Answer {
  status: number;
  /** The parsed JSON body; `undefined` when it was empty or not JSON. */
  body: unknown;
}

type Body = Record<string, unknown>;

/** One broken behaviour: the operation whose answers it breaks, and how. */
interface Breakage {
  operationId: string;
  /** The new answer, or `undefined` to leave this one alone; `sent` is the request's JSON body. */
  rewrite(answer: Answer, sent: unknown): { status: number; body?: unknown } | undefined;
}

/** Whether a request's JSON body is an object holding `name`. */
const sentWith = (sent: unknown, name: string) =>
  typeof sent === 'object' && sent !== null && name in sent;

const BREAKAGES = {
  /** `getCustomer` sends `deleted` as a string and `created_at` as a number. */
  'wrong-types': {
    operationId: 'getCustomer',
    rewrite: ({ status, body }) => {
      if (status !== 200) return undefined;
      const { data } = body as { data: Body };
      return {
        status,
        body: { ...(body as Body), data: { ...data, deleted: 'no', created_at: 1 } },
      };
    },
  },
  /** `listCustomers` sends the bare array, without `data`/`links`/`meta`/`status`. */
  'missing-envelope': {
    operationId: 'listCustomers',
    rewrite: ({ status, body }) =>
      status === 200 ? { status, body: (body as Body).data } : undefined,
  },
  /** `deleteCustomer` answers 204 with no body where 200 `{status: 1}` is documented. */
  'wrong-status': {
    operationId: 'deleteCustomer',
    rewrite: ({ status }) => (status === 200 ? { status: 204 } : undefined),
  },
  /** `searchCustomers` answers one customer (or 404), as the spec used to say. */
  'search-one-customer': {
    operationId: 'searchCustomers',
    rewrite: ({ status, body }) => {
      if (status !== 200) return undefined;
      const [first] = (body as { data: unknown[] }).data;
      return first === undefined
        ? { status: 404, body: { message: 'Customer not found' } }
        : { status, body: { data: first, status: 1 } };
    },
  },
  /** `listCustomerTransactions` sends the bare array, without `data`/`links`/`meta`/`status`. */
  'transactions-bare-array': {
    operationId: 'listCustomerTransactions',
    rewrite: ({ status, body }) =>
      status === 200 ? { status, body: (body as Body).data } : undefined,
  },
  /** A GET of the list with a JSON body is refused with 400, which the spec does not document. */
  'get-body-refused': {
    operationId: 'listCustomers',
    rewrite: (_, sent) =>
      sent === undefined ? undefined : { status: 400, body: { message: 'Bad Request' } },
  },
  /** An update with the changes at the top level answers 200 but changes nothing. */
  'top-level-update-ignored': {
    operationId: 'updateCustomer',
    rewrite: ({ status, body }, sent) =>
      status === 200 && !sentWith(sent, 'update')
        ? {
            status,
            body: { ...(body as Body), data: { ...(body as { data: Body }).data, name: null } },
          }
        : undefined,
  },
  /** The original page's fetch by a `{"key"}` body answers one customer without the envelope. */
  'fetch-by-body-bare': {
    operationId: 'listCustomers',
    rewrite: ({ status, body }, sent) =>
      status === 200 && sentWith(sent, 'key') ? { status, body: (body as Body).data } : undefined,
  },
  /** `createCustomer` answers a taken key with 409 instead of 422. */
  'taken-key-409': {
    operationId: 'createCustomer',
    rewrite: ({ status, body }) =>
      status === 422 && (body as { errors?: Body }).errors?.key
        ? { status: 409, body: { message: 'Customer already exists.' } }
        : undefined,
  },
  /** `createWebhook` answers the webhook without its `signature` secret. */
  'webhook-without-secret': {
    operationId: 'createWebhook',
    rewrite: ({ status, body }) => {
      if (status !== 200) return undefined;
      const { signature: _, ...data } = (body as { data: Body }).data;
      return { status, body: { ...(body as Body), data } };
    },
  },
} satisfies Record<string, Breakage>;

export type Break = keyof typeof BREAKAGES;

export interface BreakingProxy {
  url: string;
  stop(): Promise<void>;
}

/** Starts the proxy on a free port of 127.0.0.1, in front of `upstream`. */
export async function startBreakingProxy(
  upstream: string,
  breaks: Break[],
): Promise<BreakingProxy> {
  const active: Breakage[] = breaks.map((name) => BREAKAGES[name]);

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const target = new URL(request.url ?? '/', upstream);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'connection') {
        headers.set(name, value);
      }
    }
    // Every method's body goes on, GET's too: Partnero's clients send some on GET.
    const sentText = await readBody(request);
    const body = sentText === '' ? undefined : sentText;
    const forwarded: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding') forwarded[name] = value;
    });
    const upstreamAnswer = await httpExchange(target.href, { method, headers: forwarded, body });
    const text = upstreamAnswer.text;
    const answer: Answer = { status: upstreamAnswer.status, body: parseJson(text) };
    const operationId = matchOperation(method, target.pathname)?.id;
    const sent = body === undefined ? undefined : parseJson(body);
    const rewritten = active
      .filter((breakage) => breakage.operationId === operationId)
      .reduce<{ status: number; body?: unknown } | undefined>(
        (reply, breakage) => reply ?? breakage.rewrite(answer, sent),
        undefined,
      );
    const passOn: Record<string, string> = {};
    upstreamAnswer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
        passOn[name] = value;
    });
    if (!rewritten) {
      response.writeHead(answer.status, passOn).end(text);
      return;
    }
    if (rewritten.body === undefined) {
      delete passOn['content-type'];
      response.writeHead(rewritten.status, passOn).end();
      return;
    }
    response
      .writeHead(rewritten.status, { ...passOn, 'content-type': 'application/json' })
      .end(JSON.stringify(rewritten.body));
  }

  const server = createServer((request, response) => {
    forward(request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `breaking proxy: ${String(error)}` }));
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

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
