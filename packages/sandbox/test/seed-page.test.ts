// The original customers page works as written (issue 23): its five requests, "Get all
// customers" and the four curl examples, sent exactly as the page prints them (method,
// headers, body text; only the host replaced), in the page's order, each answer compared
// with the page's response example: the same fields, `status: 1`, and the same values
// where the request set them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Answer, rawCall, startTestSandbox, storageUnderTest } from './support/sandbox.js';

const page = readFileSync(
  new URL('./fixtures/seed-page/partnero-customers-api.txt', import.meta.url),
  'utf8',
);
const HOST = 'https://api.partnero.com';

interface PageRequest {
  section: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The page's response example for it, if it shows one. */
  example: unknown;
}

/** The sections of the page in order, each with its text. */
function sections(): { title: string; text: string }[] {
  const titles = [
    'Get all customers',
    'Create a customer',
    'Fetch a customer',
    'Update a customer',
    'Delete a customer',
  ];
  return titles.map((title, i) => {
    const start = page.indexOf(`\n${title}\n`);
    const next = titles[i + 1];
    const end = next ? page.indexOf(`\n${next}\n`) : page.length;
    if (start === -1 || end === -1) throw new Error(`the page has no section "${title}"`);
    return { title, text: page.slice(start, end) };
  });
}

/** A curl command of the page: `--request`, each `--header` and the `--data-raw` text. */
function parseCurl(text: string): Omit<PageRequest, 'section' | 'example'> {
  const command = text.slice(text.indexOf('curl '));
  const request = /--request (\w+) '([^']+)'/.exec(command);
  if (!request?.[1] || !request[2]) throw new Error(`no --request in:\n${command}`);
  const headers: Record<string, string> = {};
  for (const [, name, value] of command.matchAll(/--header '([^:]+): ([^']*)'/g)) {
    headers[name as string] = value as string;
  }
  const body = /--data-raw '([^']*)'/.exec(command)?.[1];
  return { method: request[1], path: request[2].replace(HOST, ''), headers, body };
}

/** The JSON after "Response" in a section, if any. */
function responseExample(text: string): unknown {
  const at = text.indexOf('\nResponse\n');
  if (at === -1) return undefined;
  const json = text.slice(at + '\nResponse\n'.length, text.indexOf('Response Code', at)).trim();
  return JSON.parse(json);
}

/** The page's five requests: "Get all customers" has no curl, only its method and URL. */
function pageRequests(): PageRequest[] {
  return sections().map(({ title, text }) => {
    const example = responseExample(text);
    if (!text.includes('curl ')) {
      const line = /\n(GET|POST|PUT|DELETE) (https:\/\/\S+)\n/.exec(text);
      if (!line?.[1] || !line[2]) throw new Error(`no request line in "${title}"`);
      // As the page's curl examples send every request.
      const { headers } = parseCurl(sections()[1]?.text ?? '');
      const { 'Content-Type': _, ...withoutBody } = headers;
      return {
        section: title,
        method: line[1],
        path: line[2].replace(HOST, ''),
        headers: withoutBody,
        body: undefined,
        example,
      };
    }
    return { section: title, ...parseCurl(text), example };
  });
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

/** The answer has every field of the example, `status: 1`, and the values the request set. */
function expectLikeExample(answer: Answer, example: unknown, set: Record<string, unknown>) {
  const body = answer.body as { data: Record<string, unknown>; status: number };
  const { data: exampleData } = example as { data: Record<string, unknown> };
  expect(answer.status).toBe(200);
  expect(body.status).toBe(1);
  expect(Object.keys(body.data)).toEqual(expect.arrayContaining(Object.keys(exampleData)));
  for (const [name, value] of Object.entries(exampleData)) {
    expect(typeof body.data[name], name).toBe(typeof value);
  }
  expect(body.data).toMatchObject(set);
}

describe(`the original customers page, request by request (${storageUnderTest()})`, () => {
  it('answers its five requests, in its order, as its examples show', async () => {
    const requests = pageRequests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/customers',
      'POST /v1/customers',
      'GET /v1/customers',
      'PUT /v1/customers',
      'DELETE /v1/customers',
    ]);
    const token = /Bearer (\S+)/.exec(requests[1]?.headers.Authorization ?? '')?.[1] ?? '';
    expect(token).toBe('YOUR_API_TOKEN');
    // The page's token is one program; it starts empty however the database was left.
    await rawCall(sandbox.url, {
      method: 'POST',
      path: '/__sandbox/reset',
      headers: { Authorization: `Bearer ${token}` },
    });
    const send = (request: PageRequest) => rawCall(sandbox.url, request);
    const [list, create, fetchOne, update, remove] = requests as [
      PageRequest,
      PageRequest,
      PageRequest,
      PageRequest,
      PageRequest,
    ];

    const listed = await send(list);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ data: [], status: 1 });

    const created = await send(create);
    const createBody = JSON.parse(create.body ?? '') as Record<string, unknown> & {
      partner: { key: string };
    };
    const { partner, ...createFields } = createBody;
    expectLikeExample(created, create.example, { ...createFields, partner: partner.key });

    const fetched = await send(fetchOne);
    expectLikeExample(fetched, fetchOne.example, { key: 'CUSTOMER_KEY' });
    expect((fetched.body as { data: unknown }).data).toEqual(
      (created.body as { data: unknown }).data,
    );
    expect(fetched.headers.get('sandbox-warning')).toMatch(
      /as Partnero's original page documented/,
    );

    const updated = await send(update);
    expectLikeExample(updated, update.example, {
      key: 'CUSTOMER_KEY',
      name: 'New Partnero',
      surname: 'Customer',
    });

    const deleted = await send(remove);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(remove.example);
    const after = await send(fetchOne);
    expect(after.status).toBe(404);
  });
});
