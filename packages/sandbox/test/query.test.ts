import { describe, expect, it } from 'vitest';
import { readQuery } from '../src/operations/query.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();
const list = spec.operation('listCustomers');
const search = spec.operation('searchCustomers');

describe('reading the query of an operation', () => {
  it('reads documented parameters, integers as numbers, the first of repeated ones', () => {
    expect(readQuery(list, 'limit=5&page=x&partner.key=a+b%2Fc&limit=9', false)).toEqual({
      params: { limit: 5, page: 'x', 'partner.key': 'a b/c' },
      invalid: {},
      warnings: [],
    });
  });

  it('refuses text that is not UTF-8, or holds NUL, naming the parameter', () => {
    expect(readQuery(search, 'key=%FF&email=a%00%40b.example', false)).toEqual({
      params: {},
      invalid: {
        key: ['The key must be valid UTF-8 text.'],
        email: ['The email must not contain NUL characters.'],
      },
      warnings: [],
    });
    expect(readQuery(search, 'key=100%', false).invalid).toEqual({
      key: ['The key must be valid UTF-8 text.'],
    });
  });

  it('ignores the partner forms of Partnero’s own clients, naming the documented form', () => {
    const read = readQuery(
      list,
      'partner%5Bkey%5D=a&partner_key=b&partner[email]=c%40x.example&partner_email=d',
      false,
    );
    expect(read.params).toEqual({});
    expect(read.warnings).toEqual([
      'query parameter partner[key] is not documented and was ignored; the documented form is partner.key',
      'query parameter partner_key is not documented and was ignored; the documented form is partner.key',
      'query parameter partner[email] is not documented and was ignored; the documented form is partner.email',
      'query parameter partner_email is not documented and was ignored; the documented form is partner.email',
    ]);
  });

  it('names other unknown parameters in strict mode only', () => {
    expect(readQuery(list, 'sort=name', false).warnings).toEqual([]);
    expect(readQuery(list, 'sort=name', true).warnings).toEqual([
      'query parameter sort is not in the spec and was ignored',
    ]);
  });
});
