// The command tree: `partnero [global flags] <group> <command>`. Each group of commands is
// declared in its own file under commands/.
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { addCustomersGroup } from './commands/customers.js';
import { addWebhooksGroup } from './commands/webhooks.js';
import { type Context, createContext, type GlobalOptions } from './context.js';

/** `redact` is applied to everything commander prints (usage errors echo arguments). */
export function buildProgram(redact: (text: string) => string): {
  program: Command;
  context: () => Context;
} {
  const program = new Command('partnero')
    // Set before the subcommands are added, which copy it.
    .configureOutput({
      writeErr: (text) => process.stderr.write(redact(text)),
      outputError: (text, write) => write(redact(text.replace(/^error: /, 'partnero: '))),
    })
    .description(
      'Manage the customers of a Partnero program, one at a time or in bulk, and its webhooks',
    )
    .version(packageJson.version)
    .option('--api-key <key>', "your program's API key (default: PARTNERO_API_KEY)")
    .option(
      '--base-url <url>',
      'where the API is (default: PARTNERO_BASE_URL, else https://api.partnero.com)',
    )
    .option('--json', 'machine output: JSON, and NDJSON for lists')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ PARTNERO_API_KEY=… partnero customers list\n  $ partnero --base-url http://127.0.0.1:4010 customers import signups.csv --dry-run\n',
    );
  let context: Context | undefined;
  const getContext = () => {
    context ??= createContext(program.opts<GlobalOptions>());
    return context;
  };
  program.hook('postAction', () => context?.close());

  addCustomersGroup(program, getContext);
  addWebhooksGroup(program, getContext);

  return { program, context: getContext };
}
