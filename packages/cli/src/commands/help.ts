// Every command's `--help` ends with an example of its use; a test holds each one to it.
import type { Command } from 'commander';

/** Adds `Example: $ <text>` after the command's help. */
export function withExample(command: Command, text: string): Command {
  return command.addHelpText('after', `\nExample:\n  $ ${text}\n`);
}
