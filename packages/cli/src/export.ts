// `partnero customers export`: every customer, page by page (the largest page the API
// gives), written as it arrives, so memory stays flat whatever the count. The CSV has the
// import's columns and the NDJSON lines are create bodies, so an export imports into another
// program unchanged.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Customer } from '@partnero-kit/client';
import { stringify } from 'csv-stringify';
import { type Context, MAX_PAGE_SIZE } from './context.js';
import { customerCells, customerValue } from './customer-cells.js';
import { bodyFromCells, bodyPointer, fieldsOf, LIST_SEPARATOR } from './fields.js';
import { startProgress } from './progress.js';

export interface ExportOptions {
  format: 'csv' | 'ndjson';
  output?: string;
  partnerKey?: string;
}

export async function exportCustomers(
  ctx: Context,
  options: ExportOptions,
): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  const fields = fieldsOf(bodyPointer('createCustomer'));
  const customers = ctx
    .client()
    .customers.list({ limit: MAX_PAGE_SIZE, 'partner.key': options.partnerKey });
  const progress = startProgress(ctx.stderr, 'customers', undefined);
  const lists = fields.filter((field) => field.list);
  let count = 0;

  const toCells = new Transform({
    objectMode: true,
    transform(customer: Customer, _encoding, done) {
      count++;
      if (count % MAX_PAGE_SIZE === 0) progress.update(count);
      const cells = customerCells(customer, fields);
      for (const field of lists) {
        const stored = customerValue(customer, field);
        if (Array.isArray(stored) && stored.some((item) => String(item).includes(LIST_SEPARATOR))) {
          ctx.stderr.write(
            `warning: customer ${customer.key}: a ${field.path} item contains "${LIST_SEPARATOR}", which an import reads as two\n`,
          );
        }
      }
      done(
        null,
        options.format === 'csv' ? cells : `${JSON.stringify(bodyFromCells(fields, cells))}\n`,
      );
    },
  });
  const encode =
    options.format === 'csv'
      ? stringify({ header: true, columns: fields.map((f) => f.path) })
      : new Transform({ objectMode: true, transform: (line, _e, done) => done(null, line) });

  // A file appears under its name only once complete: a failed export leaves no half file.
  const partial = options.output ? `${options.output}.partial` : undefined;
  const destination = partial ? createWriteStream(partial) : ctx.stdout;
  try {
    await pipeline(Readable.from(customers), toCells, encode, destination, {
      end: partial !== undefined,
    });
    if (partial && options.output) renameSync(partial, options.output);
  } catch (error) {
    if (partial) rmSync(partial, { force: true });
    throw error;
  } finally {
    progress.stop();
  }
  return { count, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
