// Compile-time checks: wrong argument shapes must not compile, right ones must type well.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Customer,
  type Page,
  Partnero,
  type RateLimitError,
  type ValidationError,
  type WithResponse,
} from '../src/index.js';

const partnero = new Partnero({ apiKey: 'k' });
const { customers } = partnero;

describe('argument types', () => {
  it('rejects wrong shapes', () => {
    // @ts-expect-error create needs a key
    customers.create({ partner: { key: 'p1' } });
    // @ts-expect-error create needs a partner
    customers.create({ key: 'c1' });
    // @ts-expect-error the partner must be named by key, id or email
    customers.create({ key: 'c1', partner: {} });
    // @ts-expect-error retrieve needs a key or an email
    customers.retrieve({});
    // @ts-expect-error update may only change known fields
    customers.update({ key: 'c1' }, { nickname: 'N' });
    // @ts-expect-error update needs its changes
    customers.update({ key: 'c1' });
    // @ts-expect-error limit is a number
    customers.list({ limit: 'x' });
    // @ts-expect-error unknown list parameters are refused
    customers.list({ size: 10 });
    // @ts-expect-error suspend takes the key itself
    customers.suspend({ key: 'c1' });
    // @ts-expect-error options are checked too
    customers.retrieve('c1', { timeout: '5s' });
    // @ts-expect-error search needs an email or a key
    customers.search({});
    // @ts-expect-error search parameters come from the spec
    customers.search({ email: 'c@x.io', size: 10 });
    // @ts-expect-error the raw client knows the paths
    partnero.raw.GET('/v1/partners');
  });

  it('accepts the documented shapes', () => {
    customers.create({ partner: { email: 'p@x.io' }, key: 'c1', tags: ['a'] });
    customers.retrieve('c1', { signal: AbortSignal.timeout(10), maxRetries: 0 });
    customers.retrieve({ email: 'c@x.io' });
    customers.update({ email: 'c@x.io' }, { name: 'N', tags: null });
    customers.delete('c1');
    customers.list({ limit: 50, page: 2, 'partner.key': 'p1' });
    customers.search({ email: 'c@x.io', limit: 10, page: 2 });
    customers.search({ key: 'c1' });
  });
});

describe('result types', () => {
  it('resolves to unwrapped resources', () => {
    expectTypeOf(customers.create).returns.resolves.toEqualTypeOf<Customer>();
    expectTypeOf(customers.retrieve).returns.resolves.toEqualTypeOf<Customer>();
    expectTypeOf(customers.update).returns.resolves.toEqualTypeOf<Customer>();
    expectTypeOf(customers.delete).returns.resolves.toBeVoid();
    expectTypeOf(customers.suspend).returns.resolves.toBeVoid();
    expectTypeOf(customers.list).returns.resolves.toEqualTypeOf<Page<Customer>>();
    expectTypeOf(customers.list()).toMatchTypeOf<AsyncIterable<Customer>>();
    expectTypeOf(customers.search).returns.resolves.toEqualTypeOf<Page<Customer>>();
    expectTypeOf(customers.search({ key: 'c1' })).toMatchTypeOf<AsyncIterable<Customer>>();
    expectTypeOf(customers.retrieve('c1').withResponse()).resolves.toEqualTypeOf<
      WithResponse<Customer>
    >();
  });

  it('types the error fields', () => {
    expectTypeOf<ValidationError['errors']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<RateLimitError['retryAfter']>().toEqualTypeOf<number | null>();
  });
});
