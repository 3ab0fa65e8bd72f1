import type { IncomingHttpHeaders } from 'node:http';

export interface LoggedRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  /** Request headers; `authorization` is redacted when listed. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or `null` when there was none or it was not JSON. */
  body: unknown;
  status: number;
  /** ISO time the request arrived. */
  at: string;
}

const KEEP = 200;

/** The last requests of each program, newest last, kept in memory only. */
export class RequestLog {
  private readonly byProgram = new Map<string, LoggedRequest[]>();

  record(program: string, entry: LoggedRequest): void {
    let list = this.byProgram.get(program);
    if (!list) {
      list = [];
      this.byProgram.set(program, list);
    }
    list.push(entry);
    // Trimmed in batches, so a busy program does not pay for moving 200 entries per request.
    if (list.length >= 2 * KEEP) list.splice(0, list.length - KEEP);
  }

  /** The program's requests; headers are redacted here, not on the hot path. */
  list(program: string): LoggedRequest[] {
    return (this.byProgram.get(program) ?? []).slice(-KEEP).map((entry) => ({
      ...entry,
      headers: redact(entry.headers),
    }));
  }

  clear(program?: string): void {
    if (program === undefined) this.byProgram.clear();
    else this.byProgram.delete(program);
  }
}

function redact(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (headers.authorization === undefined) return { ...headers };
  return { ...headers, authorization: 'Bearer [redacted]' };
}
