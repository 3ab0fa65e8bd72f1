// Tables for people, JSON for programs: one object for one record, NDJSON for lists.
import type { Customer } from '@partnero-kit/client';
import Table from 'cli-table3';
import { plainItems } from './customer-cells.js';
import { LIST_SEPARATOR } from './fields.js';

/**
 * The fields a listing shows, one customer per line: a choice of what fits a terminal, not
 * a description of the customer (`get` and `--json` show every field the API returns).
 */
const COLUMNS = ['key', 'email', 'name', 'surname', 'partner', 'status', 'tags', 'created_at'];

/** A borderless table, like `kubectl get`: easy to read and to cut with awk. */
function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
}

function cell(record: object, column: string): string {
  const value = (record as Record<string, unknown>)[column];
  if (Array.isArray(value)) return plainItems(value).join(LIST_SEPARATOR);
  return value === null || value === undefined ? '' : String(value);
}

/** Writes records as they arrive: NDJSON lines, or a table of `columns` once all are in. */
export async function printRecords(
  records: AsyncIterable<object> | Iterable<object>,
  columns: string[],
  json: boolean,
  out: NodeJS.WritableStream,
): Promise<number> {
  let count = 0;
  if (json) {
    for await (const record of records) {
      out.write(`${JSON.stringify(record)}\n`);
      count++;
    }
    return count;
  }
  const table = plainTable(columns.map((c) => c.toUpperCase()));
  for await (const record of records) {
    table.push(columns.map((column) => cell(record, column)));
    count++;
  }
  if (count > 0) out.write(`${table.toString()}\n`);
  return count;
}

/** Writes customers as they arrive: NDJSON lines, or a table once all are in. */
export function printCustomers(
  customers: AsyncIterable<Customer> | Iterable<Customer>,
  json: boolean,
  out: NodeJS.WritableStream,
): Promise<number> {
  return printRecords(customers, COLUMNS, json, out);
}

/** One record, such as a customer: a JSON object, or a two-column table of its fields. */
export function printRecord(record: object, json: boolean, out: NodeJS.WritableStream): void {
  if (json) {
    out.write(`${JSON.stringify(record, null, 2)}\n`);
    return;
  }
  const table = plainTable([]);
  for (const column of Object.keys(record)) table.push([column, cell(record, column)]);
  out.write(`${table.toString()}\n`);
}

/** The result of a command that returns nothing, such as `delete`. */
export function printDone(
  message: string,
  result: Record<string, unknown>,
  json: boolean,
  out: NodeJS.WritableStream,
): void {
  out.write(json ? `${JSON.stringify(result)}\n` : `${message}\n`);
}
