/**
 * The `occi` program: global options, the commands (one file each under
 * commands/), and the mapping of failures to one-line messages and exit
 * codes (exit-codes.ts).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Act } from './command.js';
import { register as action } from './commands/action.js';
import { register as check } from './commands/check.js';
import { register as codegen } from './commands/codegen.js';
import { register as complete } from './commands/complete.js';
import { register as completion } from './commands/completion.js';
import { register as config } from './commands/config.js';
import { register as create } from './commands/create.js';
import { register as deleteCommand } from './commands/delete.js';
import { register as describe } from './commands/describe.js';
import { register as discover } from './commands/discover.js';
import { register as get } from './commands/get.js';
import { register as link } from './commands/link.js';
import { register as list } from './commands/list.js';
import { register as login } from './commands/login.js';
import { register as mixin } from './commands/mixin.js';
import { register as parse } from './commands/parse.js';
import { register as replace } from './commands/replace.js';
import { register as update } from './commands/update.js';
import type { GlobalOptions } from './config.js';
import { Context, type Streams } from './context.js';
import { EXIT, errorLine, exitCodeOf, isOcciErrorShape } from './exit-codes.js';
import { OUTPUT_NAMES, parseOutput } from './output-format.js';
import { checkSitesSupported } from './sites.js';

const HELP_FOOTER = `
Endpoint and credentials: --endpoint/--user/--password/--token, else OCCI_ENDPOINT,
OCCI_USER, OCCI_PASSWORD, OCCI_TOKEN, else a profile of the config file
(~/.config/occi/config.json, or --config/OCCI_CONFIG; choose with --profile/OCCI_PROFILE).
'occi config' manages profiles, 'occi login' checks and keeps credentials. Several sites:
--sites a,b (profiles, or a group of them) for list, get, action, delete, discover, create.

Renderings: an endpoint whose JSON discovery cannot be read (an OCCI 1.1 server) is
asked for text/plain, then text/occi; what worked is kept in $XDG_CACHE_HOME/occi/endpoints.json
(~/.cache/occi/endpoints.json) and asked for first next time; 'occi discover' learns it again.
Text discovery carries no attribute types: --attr values are then typed by their look.

Exit codes: 0 ok, 1 invalid request or message, 2 usage, 3 not found, 4 conflict,
5 authentication, 6 server error, 7 network, 8 --wait timed out, 9 parse: valid with warnings,
10 some sites failed (the others answered), 130 cancelled at a prompt.

Examples:
  $ export OCCI_ENDPOINT=http://localhost:8080
  $ occi discover
  $ occi create compute --mixin os_tpl#ubuntu --mixin small --wait inactive
  $ occi action /compute/6df6… start --wait active
  $ occi list compute --filter occi.compute.state=active
`;

/** Builds the program; `act` runs a command's handler with a Context. */
export function buildProgram(version: string, act: Act, streams?: Streams): Command {
  const program = new Command('occi');
  program
    .description('command-line client for OCCI 1.2 servers: discovers everything from the query interface')
    .version(version, '-V, --version', 'print the version')
    .option('-e, --endpoint <url>', 'the OCCI endpoint, e.g. http://localhost:8080')
    .option('-u, --user <name>', 'user for HTTP Basic authentication')
    .option('-p, --password <password>', 'password for HTTP Basic authentication')
    .option('-t, --token <token>', 'token for Bearer authentication')
    .option('--profile <name>', 'a profile of the config file')
    .option('--config <file>', 'the config file (default ~/.config/occi/config.json)')
    .addOption(
      new Option(
        '-o, --output <format>',
        'table, json, text, yaml, name, custom-columns=HEADER:PATH,… or jsonpath=PATH',
      ).argParser((value) => {
        try {
          return parseOutput(value);
        } catch (error) {
          throw new InvalidArgumentError(
            error instanceof Error && !error.message.startsWith('output "')
              ? error.message
              : `Allowed: ${OUTPUT_NAMES.join(', ')}.`,
          );
        }
      }),
    )
    .option(
      '--columns <names>',
      'a table of these columns: members, attributes or state (e.g. location,state)',
    )
    .option('--sites <names>', 'several sites: profiles or groups of them, comma-separated (e.g. a,b,c)')
    .addOption(
      new Option(
        '-r, --rendering <format>',
        'the wire format: json, plain (text/plain) or occi (text/occi); default: JSON if the server offers it',
      ).choices(['json', 'plain', 'occi']),
    )
    .option('--timeout <seconds>', 'request timeout')
    .option('--no-color', 'no colours, even on a terminal')
    .showSuggestionAfterError()
    .addHelpText('after', HELP_FOOTER)
    .exitOverride();
  if (streams)
    program.configureOutput({
      writeOut: (s) => void streams.stdout.write(s),
      writeErr: (s) => void streams.stderr.write(s),
      outputError: (s, write) => write(`occi: ${s.replace(/^error: /, '')}`),
    });
  for (const register of [
    discover,
    describe,
    list,
    get,
    create,
    update,
    replace,
    deleteCommand,
    action,
    mixin,
    link,
    parse,
    check,
    codegen,
    config,
    login,
    completion,
    complete,
  ])
    register(program, act);
  return program;
}

/** Runs the command line; resolves to the exit code. */
export async function run(argv: readonly string[], streams: Streams, version: string): Promise<number> {
  let exitCode: number = EXIT.ok;
  const act: Act =
    (handler) =>
    async (...params) => {
      const command = params.at(-1) as Command;
      const args = params
        .slice(0, -2)
        .flatMap((p) => (Array.isArray(p) ? (p as string[]) : p === undefined ? [] : [p as string]));
      const ctx = new Context(command.optsWithGlobals() as GlobalOptions, streams);
      try {
        checkSitesSupported(ctx, command);
        exitCode = (await handler(ctx, args, command.opts())) ?? EXIT.ok;
      } finally {
        await ctx.close();
      }
    };
  const program = buildProgram(version, act, streams);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error, already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const code = exitCodeOf(error);
    const expected = isOcciErrorShape(error) || (error instanceof Error && error.name === 'CliError');
    streams.stderr.write(`occi: ${errorLine(error)}\n`);
    if (!expected) {
      if (streams.env.OCCI_DEBUG && error instanceof Error && error.stack)
        streams.stderr.write(`${error.stack}\n`);
      else streams.stderr.write('occi: (an unexpected error; set OCCI_DEBUG=1 to see where)\n');
    }
    return code;
  }
}
