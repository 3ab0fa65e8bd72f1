// `<file>.rejects.csv`: every rejected row of the whole import once, as it was in the input,
// plus an `error` column. Rewritten whole at the end of each run (through a temporary file),
// so a resumed run lists the rows of earlier runs too, never twice.

import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { stringify } from 'csv-stringify';
import type { Field } from '../fields.js';
import { ERROR_COLUMN, openSource } from './source.js';

export const rejectsPath = (file: string) => `${file}.rejects.csv`;

/** Writes the rows whose index is in `reasons`; removes a stale rejects file when there are none. */
export async function writeRejects(
  file: string,
  fields: Field[],
  reasons: Map<number, string>,
): Promise<void> {
  const path = rejectsPath(file);
  if (reasons.size === 0) {
    rmSync(path, { force: true });
    return;
  }
  const source = openSource(file, fields);
  const partial = `${path}.partial`;
  const output = createWriteStream(partial);
  let csv: ReturnType<typeof stringify> | undefined;
  for await (const row of source.rows) {
    const reason = reasons.get(row.index);
    if (reason === undefined) continue;
    if (!csv) {
      const columns = [...source.columns(), ERROR_COLUMN];
      csv = stringify({ header: true, columns });
      csv.pipe(output);
    }
    if (!csv.write({ ...row.cells, [ERROR_COLUMN]: reason })) await once(csv, 'drain');
  }
  if (csv) csv.end();
  else output.end();
  await once(output, 'close');
  renameSync(partial, path);
}
