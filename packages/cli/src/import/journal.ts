// The journal beside the input (`<file>.partnero-journal`) records, row by row, that a
// create was sent and how it ended. The `s` line of a row is written with write(2) before
// its request goes out, so it survives `kill -9` of the CLI; the rows started in one turn of
// the event loop share that write. A line cut short by a crash is dropped.
//
//   {"version":1,"file":"<sha256>","target":"<base url>","program":"<key hash>","rows":N}
//   s 12                  row 12 was sent (its outcome may be unknown)
//   i 12                  row 12 was created by this import
//   a 12                  row 12 was already there with the same data
//   r 12 "<reason>"       row 12 was refused by the API
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { CliError } from '../errors.js';

export interface JournalHeader {
  version: 1;
  /** sha256 of the input file. */
  file: string;
  /** The base URL imported into. */
  target: string;
  /** A hash of the API key: which program, without the key. */
  program: string;
  rows: number;
}

export const RowState = {
  Pending: 0,
  Sent: 1,
  Imported: 2,
  AlreadyThere: 3,
  Refused: 4,
} as const;
export type RowState = (typeof RowState)[keyof typeof RowState];

const CODES: Record<string, RowState> = {
  s: RowState.Sent,
  i: RowState.Imported,
  a: RowState.AlreadyThere,
  r: RowState.Refused,
};
const LETTERS = ['', 's', 'i', 'a', 'r'];

export class Journal {
  /** The state of each row, by index (1-based). */
  readonly states: Uint8Array;
  /** Why the API refused rows, by index. */
  readonly refusals = new Map<number, string>();
  readonly #fd: number;
  #pending = '';
  /** The write that puts the `s` lines of this turn of the event loop on file. */
  #sentWritten: Promise<void> | undefined;

  private constructor(fd: number, rows: number) {
    this.#fd = fd;
    this.states = new Uint8Array(rows + 1);
  }

  /**
   * Opens the journal at `path` for `header`, continuing it when it was written for the same
   * file, target and program; `restart` discards it first.
   */
  static open(path: string, header: JournalHeader, restart: boolean): Journal {
    if (restart) rmSync(path, { force: true });
    if (!existsSync(path)) {
      const fd = openSync(path, 'w');
      writeSync(fd, `${JSON.stringify(header)}\n`);
      return new Journal(fd, header.rows);
    }
    const text = readFileSync(path, 'utf8');
    // A crash can leave half a line at the end: keep only complete lines.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const [first = '', ...lines] = complete.split('\n');
    let stored: Partial<JournalHeader> = {};
    try {
      stored = JSON.parse(first);
    } catch {
      throw new CliError(`${path} is not a partnero journal: remove it or pass --restart`);
    }
    const mismatch =
      stored.file !== header.file
        ? 'the input file changed since'
        : stored.target !== header.target || stored.program !== header.program
          ? 'it belongs to an import into another program or base URL'
          : undefined;
    if (mismatch || stored.rows !== header.rows || stored.version !== header.version) {
      throw new CliError(
        `${path}: ${mismatch ?? 'it was written differently'}; finish that import, or pass --restart to start over (rows already in the program count as already there)`,
      );
    }
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, Buffer.byteLength(complete));
    closeSync(fd);
    const journal = new Journal(openSync(path, 'a'), header.rows);
    for (const line of lines) {
      if (!line) continue;
      const state = CODES[line[0] as string];
      const space = line.indexOf(' ', 2);
      const index = Number(space === -1 ? line.slice(2) : line.slice(2, space));
      if (state === undefined || !Number.isInteger(index) || index < 1 || index > header.rows)
        continue;
      // `s` never overrides an outcome written after it.
      if (state !== RowState.Sent || journal.states[index] === RowState.Pending) {
        journal.states[index] = state;
      }
      if (state === RowState.Refused)
        journal.refusals.set(index, JSON.parse(line.slice(space + 1)));
    }
    return journal;
  }

  /** Whether the row has an outcome, so it is not sent again. */
  finished(index: number): boolean {
    return (this.states[index] ?? 0) >= RowState.Imported;
  }

  /**
   * Records that the row is about to be sent; resolves once its `s` line is on file, so the
   * request must wait for it. One write per turn of the event loop (at `setImmediate`, after
   * the answers read in that turn have started their next rows) carries every row started in
   * it, instead of one write per row.
   */
  sent(index: number): Promise<void> {
    this.#append(index, RowState.Sent);
    this.#sentWritten ??= new Promise((resolve) =>
      setImmediate(() => {
        this.#sentWritten = undefined;
        this.#flush();
        resolve();
      }),
    );
    return this.#sentWritten;
  }

  /**
   * Records a row's outcome. It rides along with the next write (or `close`): an outcome
   * lost to a crash costs one more request on the rerun, whose answer (the key is taken,
   * with this row's data) gives the same outcome again.
   */
  record(index: number, state: Exclude<RowState, typeof RowState.Sent>, reason?: string): void {
    if (state === RowState.Refused) this.refusals.set(index, reason ?? '');
    this.#append(
      index,
      state,
      state === RowState.Refused ? ` ${JSON.stringify(reason ?? '')}` : '',
    );
    if (this.#pending.length > 16_384) this.#flush();
  }

  #append(index: number, state: RowState, tail = ''): void {
    this.states[index] = state;
    this.#pending += `${LETTERS[state]} ${index}${tail}\n`;
  }

  #flush(): void {
    if (this.#pending) writeSync(this.#fd, this.#pending);
    this.#pending = '';
  }

  count(state: RowState): number {
    let n = 0;
    for (const s of this.states) if (s === state) n++;
    return n;
  }

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }
}
