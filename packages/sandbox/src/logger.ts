/**
 * Where the sandbox reports what goes wrong while it serves. `console` fits, as do pino's and
 * winston's loggers; the default writes one line per report to stderr.
 */
export interface SandboxLogger {
  /** Something the sandbox recovers from by itself, such as a lost database connection. */
  warn(message: string): void;
  /** A request that failed inside the sandbox, with the stack of what went wrong. */
  error(message: string): void;
}

const line = (message: string) => {
  process.stderr.write(`partnero-sandbox: ${message}\n`);
};

export const stderrLogger: SandboxLogger = { warn: line, error: line };
