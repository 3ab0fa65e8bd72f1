// A customer as the API returns it, written in the import's columns: what export writes, and
// what an import compares a row with when its key is already taken.
import type { Customer } from '@partnero-kit/client';
import { type Field, formatCell, getPath } from './fields.js';

/**
 * The value of a column for a customer, or `undefined` when the API does not return it (a
 * partner's id or email, a referral URL). The response differs from the create body in two
 * places: `partner` is the partner's key, and `tags` are `{ value }` objects.
 */
export function customerValue(customer: Customer, field: Field): unknown {
  if (field.path === 'partner.key') return customer.partner;
  const value = getPath(customer, field.segments);
  return field.list && Array.isArray(value) ? plainItems(value) : value;
}

/** The items of a list as requests give them: the API answers tags as `{ value }` objects. */
export function plainItems(items: unknown[]): unknown[] {
  return items.map((item) =>
    item !== null && typeof item === 'object' ? (item as { value: unknown }).value : item,
  );
}

/** The customer's cells, by column; a column the API does not return is empty. */
export function customerCells(customer: Customer, fields: Field[]): Record<string, string> {
  return Object.fromEntries(
    fields.map((field) => [field.path, formatCell(customerValue(customer, field))]),
  );
}

/**
 * How a row differs from the stored customer, or `[]` when it matches. Only what the API
 * returns is compared; an empty cell is compared as "no value", except beside a sibling
 * that is given (a row naming its partner by email says nothing about `partner.key`).
 * Emails compare without regard to case; tags without regard to order.
 */
export function differences(
  cells: Record<string, string>,
  customer: Customer,
  fields: Field[],
): string[] {
  const given = (path: string) => (cells[path] ?? '') !== '';
  const found: string[] = [];
  for (const field of fields) {
    const stored = customerValue(customer, field);
    if (stored === undefined) continue;
    const mine = cells[field.path] ?? '';
    if (mine === '' && field.segments.length > 1) {
      const parent = `${field.segments.slice(0, -1).join('.')}.`;
      if (fields.some((f) => f.path.startsWith(parent) && given(f.path))) continue;
    }
    const theirs = formatCell(stored);
    const same = field.list
      ? normaliseList(mine) === normaliseList(theirs)
      : field.format === 'email'
        ? mine.toLowerCase() === theirs.toLowerCase()
        : mine === theirs;
    if (!same)
      found.push(`${field.path} is ${JSON.stringify(theirs)} there, ${JSON.stringify(mine)} here`);
  }
  return found;
}

const normaliseList = (text: string) =>
  text
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)
    .sort()
    .join(';');
