/** What a `Sandbox-Fault` request header asks for. */
export interface Fault {
  /** Drop the connection without answering. */
  reset: boolean;
  /** Wait this long (ms) before handling the request. */
  latency: number;
  /** Answer this documented status with the spec's example body. */
  status?: number;
  /** Seconds for the `Retry-After` header of a `status` fault. */
  retryAfter?: string;
  /** Parts of the header that were not understood. */
  invalid: string[];
}

const MAX_LATENCY = 60_000;

/** Parses `latency=250`, `status=500`, `status=429;retry-after=2`, `reset` (`;` or `,` between). */
export function parseFault(header: string | string[] | undefined): Fault | undefined {
  if (header === undefined) return undefined;
  const fault: Fault = { reset: false, latency: 0, invalid: [] };
  const text = Array.isArray(header) ? header.join(';') : header;
  for (const part of text.split(/[;,]/)) {
    const token = part.trim();
    if (!token) continue;
    const [name = '', value = ''] = token.split('=', 2).map((s) => s.trim());
    const number = Number(value);
    if (name === 'reset' && value === '') fault.reset = true;
    else if (name === 'latency' && /^\d+$/.test(value))
      fault.latency = Math.min(number, MAX_LATENCY);
    else if (name === 'status' && /^\d{3}$/.test(value)) fault.status = number;
    else if (name === 'retry-after' && /^\d+$/.test(value)) fault.retryAfter = value;
    else fault.invalid.push(token);
  }
  return fault;
}
