// The spec runtime on tiny documents, one feature each, and on the bundled spec.
import { describe, expect, it } from 'vitest';
import { type Json, loadSpec } from '../src/runtime.js';

const tiny = (paths: Json, components: Json = {}): Json => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  security: [{ bearer: [] }],
  paths,
  components,
});

describe('operations', () => {
  const spec = loadSpec(
    tiny(
      {
        '/things/{id}': {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'v', in: 'query', schema: { type: 'string' } },
          ],
          get: {
            operationId: 'getThing',
            tags: ['Things'],
            'x-evidence': 'assumed',
            parameters: [{ $ref: '#/components/parameters/V' }],
            responses: { '200': { $ref: '#/components/responses/Thing' } },
          },
          delete: {
            operationId: 'deleteThing',
            security: [],
            responses: { '204': { description: 'gone' } },
          },
        },
        '/things': {
          post: {
            operationId: 'createThing',
            requestBody: { $ref: '#/components/requestBodies/NewThing' },
            responses: {
              '201': {
                description: 'made',
                content: { 'text/csv': { schema: { type: 'string' }, example: 'id\nt1' } },
              },
            },
          },
          get: { operationId: 'listThings', responses: { '200': { description: 'all' } } },
        },
      },
      {
        parameters: { V: { name: 'v', in: 'query', required: true, schema: { type: 'integer' } } },
        responses: {
          Thing: {
            description: 'a thing',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
                examples: { one: { $ref: '#/components/examples/One' } },
              },
            },
          },
        },
        schemas: {
          Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        },
        examples: { One: { value: { id: 't1' } } },
        requestBodies: {
          NewThing: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: {} },
              'application/x-www-form-urlencoded': { schema: { type: 'object' } },
            },
          },
        },
      },
    ),
  );

  it('indexes every method of every path item by operationId, in document order', () => {
    expect([...spec.operations.values()].map((o) => [o.id, o.method, o.path])).toEqual([
      ['getThing', 'GET', '/things/{id}'],
      ['deleteThing', 'DELETE', '/things/{id}'],
      ['createThing', 'POST', '/things'],
      ['listThings', 'GET', '/things'],
    ]);
    expect(spec.operation('getThing').tags).toEqual(['Things']);
    expect(spec.operation('deleteThing').tags).toEqual([]);
  });

  it('merges path-item parameters with the operation’s own, which win by name and place', () => {
    const { parameters } = spec.operation('getThing');
    expect(parameters.map((p) => [p.name, p.in, p.required, p.schema.type, p.pointer])).toEqual([
      ['id', 'path', true, 'string', '/paths/~1things~1{id}/parameters/0'],
      ['v', 'query', true, 'integer', '/components/parameters/V'],
    ]);
  });

  it('resolves responses, their schema, examples and headers', () => {
    const ok = spec.operation('getThing').responses.get(200);
    expect(ok?.schema).toMatchObject({ required: ['id'] });
    expect(ok?.examples).toEqual([{ id: 't1' }]);
    expect(ok?.headers['Retry-After']).toEqual({ schema: { type: 'integer' } });
    expect(spec.validator(ok?.schemaPointer ?? '')({ id: 1 })).toBe(false);
  });

  it('describes every media type of a body and of an answer, JSON also as shortcuts', () => {
    const body = spec.operation('createThing').requestBody;
    expect(body?.pointer).toBe('/components/requestBodies/NewThing');
    expect(body?.mediaTypes).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(body?.content['application/x-www-form-urlencoded']).toEqual({
      schema: { type: 'object' },
      schemaPointer:
        '/components/requestBodies/NewThing/content/application~1x-www-form-urlencoded/schema',
      examples: [],
    });
    expect(body?.schema).toMatchObject({ required: ['id'] });
    expect(body?.examples).toEqual([{}]);
    const made = spec.operation('createThing').responses.get(201);
    expect(Object.keys(made?.content ?? {})).toEqual(['text/csv']);
    expect(made?.content['text/csv']?.examples).toEqual(['id\nt1']);
    expect(made?.schema).toBeUndefined();
    expect(made?.examples).toEqual([]);
  });

  it('keeps extensions and falls back to the document’s security', () => {
    expect(spec.operation('getThing').extensions).toEqual({ 'x-evidence': 'assumed' });
    expect(spec.operation('getThing').security).toEqual([{ bearer: [] }]);
    expect(spec.operation('deleteThing').security).toEqual([]);
  });

  it('names an unknown operation', () => {
    expect(() => spec.operation('nope')).toThrow('the spec has no operation "nope"');
  });

  it('validates parameters, integers included', () => {
    const validate = spec.parametersValidator('getThing');
    expect(validate({ id: 'a', v: 3 })).toBe(true);
    expect(validate({ id: 'a', v: 'x' })).toBe(false);
    expect(validate({ id: 'a' })).toBe(false);
  });
});

describe('pointers and refs', () => {
  const spec = loadSpec(
    tiny(
      {},
      {
        schemas: {
          'a/b~c': { type: 'string' },
          Alias: { $ref: '#/components/schemas/a~1b~0c' },
          Choice: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        },
      },
    ),
  );

  it('decodes ~0, ~1 and URI escapes, with or without #', () => {
    expect(spec.resolve('#/components/schemas/a~1b~0c')).toEqual({ type: 'string' });
    expect(spec.resolve('/components/schemas/Alias')).toEqual({ type: 'string' });
    expect(spec.resolve('#/components/schemas/a~1b%7E0c')).toEqual({ type: 'string' });
    expect(spec.schema('Alias')).toEqual({ type: 'string' });
  });

  it('compiles a validator once and reuses it', () => {
    const first = spec.validator('#/components/schemas/Alias');
    expect(spec.validator('/components/schemas/Alias')).toBe(first);
    expect(first('x')).toBe(true);
    expect(first(1)).toBe(false);
  });

  it('says what is missing instead of compiling nothing', () => {
    expect(() => spec.validator('#/components/schemas/Nope')).toThrow(
      'the spec has nothing at #/components/schemas/Nope',
    );
    expect(() => spec.schema('Nope')).toThrow('the spec has no schema "Nope"');
  });

  it('gives a validator per anyOf branch', () => {
    const choice = spec.schema('Choice').anyOf;
    const branches = spec.anyOfBranches(choice);
    expect(branches?.map((validate) => validate(1))).toEqual([false, true]);
    expect(spec.anyOfBranches([])).toBeUndefined();
  });

  it('refuses a $ref cycle and an external $ref', () => {
    const cyclic = loadSpec(
      tiny(
        {},
        {
          schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
        },
      ),
    );
    expect(() => cyclic.schema('A')).toThrow('$ref cycle');
    const external = loadSpec(tiny({}, { schemas: { A: { $ref: 'other.yaml#/A' } } }));
    expect(() => external.schema('A')).toThrow('external $ref is not supported: other.yaml#/A');
  });
});

describe('the bundled spec', () => {
  const spec = loadSpec();

  it('is read once per process', () => {
    expect(loadSpec()).toBe(spec);
  });

  it('indexes every operation with a documented success response', () => {
    expect(spec.operations.size).toBeGreaterThanOrEqual(10);
    for (const operation of spec.operations.values()) {
      expect(
        [...operation.responses.keys()].some((status) => status < 300),
        operation.id,
      ).toBe(true);
    }
  });
});

describe('webhooks', () => {
  const payload = { type: 'object', required: ['event'], properties: { event: { const: 'a.b' } } };
  const delivery = (extra: Json = {}) => ({
    post: {
      operationId: 'abEvent',
      parameters: [{ name: 'Signature', in: 'header', required: true, schema: { type: 'string' } }],
      requestBody: { content: { 'application/json': { schema: payload } } },
      responses: { '200': { description: 'taken' } },
      ...extra,
    },
  });

  it('indexes each event apart from the operations, with its headers and payload validator', () => {
    const spec = loadSpec({ ...tiny({}), webhooks: { 'a.b': delivery() } });
    expect(spec.operations.size).toBe(0);
    const event = spec.webhook('a.b');
    expect([event.name, event.operation.id, event.operation.path]).toEqual([
      'a.b',
      'abEvent',
      'a.b',
    ]);
    expect(event.headers.map((h) => h.name)).toEqual(['Signature']);
    expect(event.payload.schemaPointer).toBe(
      '/webhooks/a.b/post/requestBody/content/application~1json/schema',
    );
    expect(event.validatePayload({ event: 'a.b' })).toBe(true);
    expect(event.validatePayload({ event: 'c.d' })).toBe(false);
  });

  it('refuses an event without a JSON payload, or delivered by something else than one POST', () => {
    const noBody = { ...tiny({}), webhooks: { 'a.b': delivery({ requestBody: undefined }) } };
    expect(() => loadSpec(noBody)).toThrow('webhook "a.b" has no application/json payload');
    const get = { ...tiny({}), webhooks: { 'a.b': { get: delivery().post } } };
    expect(() => loadSpec(get)).toThrow('webhook "a.b" must be delivered by exactly one POST');
  });
});
