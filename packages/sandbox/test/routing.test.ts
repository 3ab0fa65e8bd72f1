import { describe, expect, it } from 'vitest';
import { createRouter } from '../src/http/routing.js';
import type { Handler, Handlers } from '../src/operations/handlers.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();

/** A handler per operation of a spec that answers its own operationId, to see where a request went. */
function handlersFor(ids: Iterable<string>): Handlers {
  return Object.fromEntries(
    [...ids].map((id) => [id, (async () => ({ status: 200, body: id })) as Handler]),
  ) as Handlers;
}

/** The bundled document with one more path item: an operation the generated types lack. */
function withArchive() {
  const document = structuredClone(spec.document) as {
    paths: Record<string, unknown>;
  };
  document.paths['/v1/customers/{key}/archive'] = {
    parameters: [{ $ref: '#/components/parameters/CustomerKeyPath' }],
    post: {
      operationId: 'archiveCustomer',
      responses: { '200': { $ref: '#/components/responses/Done' } },
    },
  };
  return loadSpec(document);
}

describe('routes come from the spec’s paths', () => {
  const route = createRouter(spec, handlersFor(spec.operations.keys()));
  const target = (method: string, path: string) => {
    const found = route(method, path);
    return found && { id: found.operation.id, params: found.rawPathParams };
  };

  it('routes every operation at its method and path template', () => {
    for (const operation of spec.operations.values()) {
      const path = operation.path.replace(/\{[^}]+\}/g, 'cus%201');
      const found = route(operation.method, path);
      expect(found?.operation.id, `${operation.method} ${path}`).toBe(operation.id);
      expect(found?.rawPathParams).toEqual(
        operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'cus%201']),
      );
    }
  });

  it('treats the `:search` suffix as part of its segment, apart from `{key}`', () => {
    expect(target('GET', '/v1/customers:search')).toEqual({ id: 'searchCustomers', params: [] });
    expect(target('GET', '/v1/customers/x:search')).toEqual({
      id: 'getCustomer',
      params: [['key', 'x:search']],
    });
  });

  it('finds nothing for other methods, deeper paths, empty segments or inherited names', () => {
    for (const [method, path] of [
      ['PATCH', '/v1/customers/x'],
      ['GET', '/v1/customers/x/suspend'],
      ['POST', '/v1/customers/x/constructor'],
      ['GET', '/v1/customers/'],
      ['GET', '/v1/customers/x/y'],
      ['POST', '/v1/customers:search'],
      ['GET', '/v2/customers'],
      ['GET', '/__sandbox/requests'],
    ]) {
      expect(route(method ?? '', path ?? ''), `${method} ${path}`).toBeUndefined();
    }
  });

  it('routes a new path item to its operation’s handler', async () => {
    const changed = withArchive();
    const found = createRouter(changed, handlersFor(changed.operations.keys()))(
      'POST',
      '/v1/customers/cus_1/archive',
    );
    expect(found?.operation.id).toBe('archiveCustomer');
    expect(await found?.handler({} as never, {} as never)).toEqual({
      status: 200,
      body: 'archiveCustomer',
    });
  });

  it('refuses to start with an operation that has no handler, naming it', () => {
    expect(() => createRouter(withArchive(), handlersFor(spec.operations.keys()))).toThrow(
      "the spec's operation archiveCustomer (POST /v1/customers/{key}/archive) has no handler in operations/handlers.ts",
    );
  });
});
