/**
 * `occi login [profile]`: asks for the password (or, with `--with-token`, an
 * API token) without echo, checks it against the endpoint (its query
 * interface, HTTP §7.1: 401 or 403 means it is refused), and keeps it in the
 * profile — the config file mode 0600. `occi logout [profile]` forgets it.
 *
 * What it keeps is what the server accepts: a token when one is given; else
 * the password, since no OCCI document (nor our server) offers a way to
 * trade a password for a token.
 */
import type { Command } from 'commander';
import { type Act, examples, type Register } from '../command.js';
import { type ConfigFile, checkName, currentProfile, type Profile, saveConfig } from '../config-file.js';
import type { Context } from '../context.js';
import { CliError, EXIT, errorLine, exitCodeOf, usageError } from '../exit-codes.js';
import type { Credentials } from '../http-client.js';
import { isTerminal, readLine, readSecret } from '../prompt.js';

/** The profile a login or logout is about: the one named, else --profile, else the one in use, else "default". */
function profileName(ctx: Context, given: string | undefined): string {
  return (
    given ?? ctx.globals.profile ?? currentProfile(ctx.configForWriting.file, ctx.streams.env) ?? 'default'
  );
}

/** Discovery with these credentials: refused (401, 403) is exit code 5, naming the endpoint. */
async function check(endpoint: string, auth: Credentials | undefined, timeoutMs?: number): Promise<void> {
  const { createClient } = await import('../sdk.js');
  const { VERSION } = await import('../version.js');
  const client = createClient({
    endpoint,
    userAgent: `occi-cli/${VERSION}`,
    ...(auth ? { auth } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  try {
    await client.discover();
  } catch (error) {
    if (auth && exitCodeOf(error) === EXIT.auth)
      throw new CliError(EXIT.auth, `login refused: ${errorLine(error)}`);
    throw error;
  } finally {
    await client.close();
  }
}

async function secretFrom(ctx: Context, fromStdin: boolean, what: string, prompt: string): Promise<string> {
  if (!fromStdin && !isTerminal(ctx.streams))
    throw usageError(
      `no terminal to ask for the ${what} on: give ${what === 'token' ? '--with-token' : '--password-stdin'} and the ${what} on standard input`,
    );
  const secret = await readSecret(ctx.streams, prompt);
  if (secret === '') throw usageError(`empty ${what}`);
  return secret;
}

async function login(
  ctx: Context,
  given: string | undefined,
  opts: Record<string, unknown>,
): Promise<number | undefined> {
  const name = profileName(ctx, given);
  checkName(name, 'profile');
  const loaded = ctx.configForWriting;
  const file: ConfigFile = structuredClone(loaded.file);
  const before: Profile = Object.hasOwn(file.profiles, name) ? file.profiles[name]! : {};
  const g = ctx.globals;
  const endpoint = g.endpoint ?? before.endpoint;
  if (endpoint === undefined) throw usageError(`profile "${name}" has no endpoint: give --endpoint <url>`);
  if (!/^https?:\/\/[^/]/i.test(endpoint))
    throw usageError(`endpoint "${endpoint}" must be an http:// or https:// URL`);
  const profile: Profile = { ...before, endpoint };
  let auth: Credentials;
  if (opts.withToken === true || g.token !== undefined) {
    const token =
      g.token ?? (await secretFrom(ctx, !isTerminal(ctx.streams), 'token', `Token for ${endpoint}: `));
    auth = { type: 'bearer', token };
    delete profile.user;
    delete profile.password;
    profile.token = token;
  } else {
    let user = g.user ?? before.user;
    if (user === undefined) {
      if (!isTerminal(ctx.streams)) throw usageError('give the user with --user (no terminal to ask on)');
      user = (await readLine(ctx.streams, `User for ${endpoint}: `)).trim();
      if (user === '') throw usageError('empty user name');
    }
    const password =
      g.password ??
      (await secretFrom(
        ctx,
        opts.passwordStdin === true,
        'password',
        `Password for ${user} at ${endpoint}: `,
      ));
    auth = { type: 'basic', user, password };
    delete profile.token;
    profile.user = user;
    profile.password = password;
  }
  const seconds = g.timeout !== undefined ? Number(g.timeout) : before.timeout;
  const timeoutMs =
    seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  await check(endpoint, auth, timeoutMs);
  const open = await check(endpoint, undefined, timeoutMs).then(
    () => true,
    () => false,
  );
  file.profiles[name] = profile;
  if (file.default === undefined) file.default = name;
  const { modeWas } = saveConfig(loaded, file);
  const who = auth.type === 'bearer' ? 'with a token' : `as ${auth.user}`;
  ctx.print(`logged in to ${endpoint} ${who}: kept in profile "${name}" of ${loaded.path} (mode 0600)\n`);
  if (modeWas !== undefined)
    ctx.warn(`occi: note: ${loaded.path} was mode 0${modeWas.toString(8)}; it is now 0600\n`);
  if (open) ctx.warn(`occi: note: ${endpoint} answers without credentials too: it did not check these\n`);
  if (auth.type === 'basic')
    ctx.warn(
      'occi: note: the password is kept, as the server offers no API token over OCCI; "occi login --with-token" keeps a token instead\n',
    );
  return undefined;
}

function logoutCommand(program: Command, act: Act): void {
  program
    .command('logout')
    .argument('[profile]', 'the profile (default: the one in use)')
    .description("forget a profile's password or token")
    .addHelpText('after', examples('occi logout', 'occi logout prod'))
    .action(
      act(async (ctx, [given]) => {
        const loaded = ctx.configForWriting;
        const file: ConfigFile = structuredClone(loaded.file);
        const name = profileName(ctx, given);
        const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
        if (!profile) throw usageError(`no profile "${name}" in ${loaded.path}`);
        if (profile.password === undefined && profile.token === undefined) {
          ctx.print(`profile "${name}" keeps no password or token\n`);
          return undefined;
        }
        delete profile.password;
        delete profile.token;
        saveConfig(loaded, file);
        ctx.print(`logged out: profile "${name}" keeps no password or token now\n`);
        return undefined;
      }),
    );
}

export const register: Register = (program, act) => {
  program
    .command('login')
    .argument('[profile]', 'the profile to keep the credentials in (default: the one in use, else "default")')
    .option(
      '--with-token',
      'an API token (asked for without echo, or read from standard input) instead of a password',
    )
    .option('--password-stdin', 'read the password from standard input')
    .description('check credentials against the endpoint and keep them in a profile (asks without echo)')
    .addHelpText(
      'after',
      examples(
        'echo "$PASSWORD" | occi login lab --endpoint http://localhost:8080 --user alice --password-stdin',
        'echo "$OCCI_TOKEN" | occi login prod --with-token',
      ),
    )
    .action(act(async (ctx, [given], opts) => login(ctx, given, opts)));
  logoutCommand(program, act);
};
