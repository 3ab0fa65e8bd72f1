// The sandbox's own error classes. Errors of one layer that never leave it (a storage's
// `UniqueViolation`, `StorageUnavailable`) stay beside that layer.

/**
 * A set-up problem the user fixes outside the sandbox (an option, the seed, the spec, the
 * database or its driver): the sandbox does not start, and the CLI prints only the message.
 */
export class SandboxSetupError extends Error {
  override name = 'SandboxSetupError';
}
