// Reads an import file row by row, CSV with a header or NDJSON, and turns each row into the
// create body. Every pass over the file reads it the same way, so a row's number is stable
// across passes and across runs.
import type { Hash } from 'node:crypto';
import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { CliError } from '../errors.js';
import { type Body, bodyFromCells, type Field, formatCell, getPath, leafPaths } from '../fields.js';

/** A column the import ignores: the reason column of a rejects file, so it can be fixed and imported. */
export const ERROR_COLUMN = 'error';

export type Format = 'csv' | 'ndjson';

export const formatOf = (file: string): Format =>
  /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv';

export interface Row {
  /** 1 for the first row after the header (or the first non-empty NDJSON line). */
  index: number;
  /** The body to send. */
  body: Body;
  /** The row as cells by column, for the rejects file. */
  cells: Record<string, string>;
  /** Why the row cannot be read as a body (before any schema check), if it cannot. */
  problem?: string;
}

export interface Source {
  rows: AsyncIterable<Row>;
  /** The columns of the rejects file, without `error`. */
  columns(): string[];
}

/** Opens `file` for one pass; `hash`, if given, sees every byte read. */
export function openSource(file: string, fields: Field[], hash?: Hash): Source {
  checkReadable(file);
  const input = createReadStream(file);
  if (hash) input.on('data', (chunk) => hash.update(chunk));
  return formatOf(file) === 'ndjson'
    ? ndjsonSource(file, input, fields)
    : csvSource(file, input, fields);
}

function unknownColumn(file: string, name: string, fields: Field[], where: string): CliError {
  const near = fields.filter((f) => f.path.startsWith(`${name}.`)).map((f) => f.path);
  const hint = near.length
    ? `use ${near.join(', ')}`
    : `the columns are ${fields.map((f) => f.path).join(', ')}`;
  return new CliError(`${file}: unknown column "${name}" ${where} (${hint}); nothing was sent`);
}

function csvSource(file: string, input: NodeJS.ReadableStream, fields: Field[]): Source {
  const known = new Set(fields.map((f) => f.path));
  let header: string[] | undefined;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  async function* rows(): AsyncGenerator<Row> {
    let index = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (!header) {
          header = record.map((name) => name.trim());
          const seen = new Set<string>();
          for (const name of header) {
            if (seen.has(name))
              throw new CliError(`${file}: the column "${name}" appears twice; nothing was sent`);
            seen.add(name);
            if (!known.has(name) && name !== ERROR_COLUMN)
              throw unknownColumn(file, name, fields, 'in the header');
          }
          continue;
        }
        index++;
        const cells: Record<string, string> = {};
        header.forEach((name, i) => {
          if (name !== ERROR_COLUMN) cells[name] = (record[i] ?? '').trim();
        });
        const row: Row = { index, body: bodyFromCells(fields, cells), cells };
        if (record.length !== header.length) {
          row.problem = `has ${record.length} cells, the header has ${header.length}`;
        }
        yield row;
      }
    } catch (error) {
      throw asInputError(file, error);
    }
  }
  return {
    rows: rows(),
    columns: () => (header ?? []).filter((name) => name !== ERROR_COLUMN),
  };
}

function ndjsonSource(file: string, input: NodeJS.ReadableStream, fields: Field[]): Source {
  const known = new Set(fields.map((f) => f.path));
  const isKnown = (path: string) =>
    known.has(path) || fields.some((f) => f.path.startsWith(`${path}.`));
  async function* rows(): AsyncGenerator<Row> {
    let index = 0;
    let line = 0;
    try {
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      // A read error ends the iteration with that error.
      input.on('error', (error) => lines.emit('error', error));
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw new CliError(
            `${file}: line ${line} is not JSON (${(error as Error).message}); nothing was sent`,
          );
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new CliError(`${file}: line ${line} is not a JSON object; nothing was sent`);
        }
        const { [ERROR_COLUMN]: _reason, ...body } = value as Body;
        const paths = leafPaths(body);
        const unknown = paths.find((path) => !isKnown(path));
        if (unknown) throw unknownColumn(file, unknown, fields, `on line ${line}`);
        index++;
        const cells: Record<string, string> = {};
        for (const path of paths) cells[path] = formatCell(getPath(body, path.split('.')));
        yield { index, body, cells };
      }
    } catch (error) {
      throw asInputError(file, error);
    }
  }
  return { rows: rows(), columns: () => fields.map((f) => f.path) };
}

/** A missing or unreadable file is named before any stream is opened on it. */
function checkReadable(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw new CliError(`${file}: is a folder, not a file`);
    accessSync(file, constants.R_OK);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const { code } = error as { code?: string };
    throw new CliError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`,
    );
  }
}

function asInputError(file: string, error: unknown): Error {
  if (error instanceof CliError) return error;
  // csv-parse's messages name the line: "Quote Not Closed: … at line 12".
  return new CliError(`${file}: ${(error as Error).message ?? String(error)}; nothing was sent`);
}
