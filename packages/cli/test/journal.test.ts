// The journal's promise to the import: a row's `s` line is on file before its request may
// go out, even though the rows started together share one write.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, RowState } from '../src/import/journal.js';

const header = { version: 1, file: 'f', target: 't', program: 'p', rows: 3 } as const;
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').slice(1, -1);

describe('the journal', () => {
  it('puts the sent lines of rows started together on file in one write, before they resolve', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'partnero-journal-')), 'x.partnero-journal');
    const journal = Journal.open(path, header, false);
    const first = journal.sent(1);
    const second = journal.sent(2);
    expect(second).toBe(first);
    expect(linesOf(path)).toEqual([]);
    await first;
    expect(linesOf(path)).toEqual(['s 1', 's 2']);

    // Outcomes ride along with the next write; a rerun reads them back.
    journal.record(1, RowState.Imported);
    journal.record(2, RowState.Refused, 'email: must match format "email"');
    await journal.sent(3);
    expect(linesOf(path)).toEqual([
      's 1',
      's 2',
      'i 1',
      'r 2 "email: must match format \\"email\\""',
      's 3',
    ]);
    journal.close();

    const reopened = Journal.open(path, header, false);
    expect([...reopened.states]).toEqual([
      RowState.Pending,
      RowState.Imported,
      RowState.Refused,
      RowState.Sent,
    ]);
    expect(reopened.refusals.get(2)).toBe('email: must match format "email"');
    reopened.close();
  });
});
