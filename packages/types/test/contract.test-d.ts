// The generated types carry the contract: what the spec requires, tsc requires.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApiError,
  CreateCustomerParams,
  Customer,
  CustomerList,
  CustomerReference,
  ListCustomersParams,
  ListCustomerTransactionsParams,
  paths,
  Transaction,
  TransactionList,
  UpdateCustomerByReferenceRequest,
  UpdateCustomerParams,
} from '../src/index.js';

describe('create', () => {
  it('requires key and partner', () => {
    expectTypeOf({ key: 'c1', partner: { key: 'p1' } }).toExtend<CreateCustomerParams>();
    // @ts-expect-error key is required
    const noKey: CreateCustomerParams = { partner: { key: 'p1' } };
    // @ts-expect-error partner is required
    const noPartner: CreateCustomerParams = { key: 'c1' };
    void noKey;
    void noPartner;
  });

  it('names the partner by key, id or email, and by nothing else', () => {
    expectTypeOf({ key: 'c1', partner: { id: 'x' } }).toExtend<CreateCustomerParams>();
    expectTypeOf({ key: 'c1', partner: { email: 'p@x.io' } }).toExtend<CreateCustomerParams>();
    // @ts-expect-error an empty partner names nobody
    const emptyPartner: CreateCustomerParams = { key: 'c1', partner: {} };
    void emptyPartner;
  });

  it('takes tags as strings', () => {
    expectTypeOf<CreateCustomerParams['tags']>().toEqualTypeOf<string[] | undefined>();
  });
});

describe('naming a customer', () => {
  it('accepts key or email and refuses neither', () => {
    expectTypeOf({ key: 'c1' }).toExtend<CustomerReference>();
    expectTypeOf({ email: 'c@x.io' }).toExtend<CustomerReference>();
    expectTypeOf({}).not.toExtend<CustomerReference>();
    expectTypeOf(42).not.toExtend<CustomerReference>();
  });
});

describe('update', () => {
  it('changes only known fields, tags may be cleared or left alone', () => {
    expectTypeOf<UpdateCustomerParams>().toEqualTypeOf<{
      key?: string;
      email?: string;
      name?: string;
      surname?: string;
      tags?: string[] | null;
    }>();
  });

  it('needs the customer and the update object in the body form', () => {
    expectTypeOf({ key: 'c1', update: { name: 'N' } }).toExtend<UpdateCustomerByReferenceRequest>();
    expectTypeOf({ key: 'c1' }).not.toExtend<UpdateCustomerByReferenceRequest>();
    expectTypeOf({ update: { name: 'N' } }).not.toExtend<UpdateCustomerByReferenceRequest>();
  });
});

describe('list', () => {
  it('takes numeric limit and page and the partner filters', () => {
    expectTypeOf<ListCustomersParams>().toEqualTypeOf<{
      limit?: number;
      page?: number;
      'partner.key'?: string;
      'partner.email'?: string;
    }>();
  });

  it('returns pages whose links may be null', () => {
    expectTypeOf<CustomerList['data']>().toEqualTypeOf<Customer[]>();
    expectTypeOf<CustomerList['links']['next']>().toEqualTypeOf<string | null>();
    expectTypeOf<CustomerList['meta']['from']>().toEqualTypeOf<number | null>();
    expectTypeOf<CustomerList['status']>().toEqualTypeOf<1>();
  });
});

describe("a customer's transactions", () => {
  it('takes limit and page only', () => {
    expectTypeOf<ListCustomerTransactionsParams>().toEqualTypeOf<{
      limit?: number;
      page?: number;
    }>();
  });

  it('returns pages of transactions with their rewards', () => {
    expectTypeOf<TransactionList['data']>().toEqualTypeOf<Transaction[]>();
    expectTypeOf<TransactionList['links']['next']>().toEqualTypeOf<string | null>();
    expectTypeOf<Transaction['amount']>().toEqualTypeOf<number>();
    expectTypeOf<Transaction['deleted_at']>().toEqualTypeOf<string | null>();
    expectTypeOf<Transaction['rewards'][number]['partner']>().toEqualTypeOf<string>();
  });
});

describe('customer', () => {
  it('marks the nullable fields nullable', () => {
    expectTypeOf<Customer['email']>().toEqualTypeOf<string | null>();
    expectTypeOf<Customer['deleted_at']>().toEqualTypeOf<string | null>();
    expectTypeOf<Customer['deleted']>().toEqualTypeOf<boolean>();
    expectTypeOf<Customer['tags']>().toEqualTypeOf<{ value: string }[] | undefined>();
  });
});

describe('errors', () => {
  it('have a message and optional per-field reasons', () => {
    expectTypeOf<ApiError>().toEqualTypeOf<{
      message: string;
      errors?: Record<string, string[]>;
    }>();
  });

  it('are what every documented error status answers', () => {
    type NotFound =
      paths['/v1/customers/{key}']['get']['responses'][404]['content']['application/json'];
    expectTypeOf<NotFound>().toEqualTypeOf<ApiError>();
  });
});
