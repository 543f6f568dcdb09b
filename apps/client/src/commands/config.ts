/**
 * `occi config list|show|add|set|rename|use|remove|group`: the profiles of
 * the config file (config-file.ts) without editing it by hand. Secrets are
 * never printed and never taken on the command line (they would stay in the
 * shell's history): `occi login` keeps them.
 */
import type { Command } from 'commander';
import { type Act, examples, type Register } from '../command.js';
import {
  type ConfigFile,
  checkName,
  checkProfile,
  currentProfile,
  PROFILE_KEYS,
  type Profile,
  pickProfile,
  saveConfig,
} from '../config-file.js';
import type { Context } from '../context.js';
import { usageError } from '../exit-codes.js';
import { keyValues, table } from '../output.js';

/** How a profile authenticates, for listings: never the secret itself. */
export function authOf(profile: Profile): string {
  if (profile.token !== undefined) return 'token';
  if (profile.user !== undefined)
    return `user ${profile.user}${profile.password !== undefined ? ' (password kept)' : ''}`;
  return 'none';
}

/** The profile as shown: secrets replaced. */
function shown(profile: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = { ...profile };
  if (out.password !== undefined) out.password = '<hidden>';
  if (out.token !== undefined) out.token = '<hidden>';
  return out;
}

/** `key=value` arguments as profile keys; `key=` removes the key (undefined). */
function assignments(pairs: readonly string[]): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw usageError(`"${pair}" is not key=value (keys: endpoint, user, rendering, output, timeout)`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key === 'password' || key === 'token')
      throw usageError(
        `${key}: give it to "occi login" (it asks without echo), not on the command line, where your shell's history would keep it`,
      );
    if (!(PROFILE_KEYS as readonly string[]).includes(key))
      throw usageError(`unknown key "${key}" (keys: endpoint, user, rendering, output, timeout)`);
    if (key === 'endpoint' && value !== '' && !/^https?:\/\/[^/]/i.test(value))
      throw usageError(`endpoint "${value}" must be an http:// or https:// URL`);
    if (key === 'rendering' && value !== '' && !['json', 'plain', 'occi'].includes(value))
      throw usageError(`rendering "${value}" is not one of json, plain, occi`);
    if (key === 'timeout' && value !== '') {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0)
        throw usageError(`timeout "${value}" must be a positive number of seconds`);
      out[key] = n;
    } else out[key] = value === '' ? undefined : value;
  }
  return out;
}

function apply(
  profile: Profile,
  changes: Record<string, string | number | undefined>,
  where: string,
): Profile {
  const next: Record<string, unknown> = { ...profile };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return checkProfile(next, where);
}

/** Writes the file and says so: one line on standard output (table), `{verb: name}` otherwise. */
async function save(
  ctx: Context,
  file: ConfigFile,
  verb: string,
  name: string,
  message: string,
): Promise<void> {
  const { modeWas } = saveConfig(ctx.configForWriting, file);
  if (ctx.flagOutput === 'json') await ctx.printData({ [verb]: name });
  else ctx.print(`${message}\n`);
  if (modeWas !== undefined)
    ctx.warn(
      `occi: note: ${ctx.configForWriting.path} was mode 0${modeWas.toString(8)}; it is now 0600 (only you may read it)\n`,
    );
}

function has(file: ConfigFile, name: string): boolean {
  return Object.hasOwn(file.profiles, name);
}

function isGroup(file: ConfigFile, name: string): boolean {
  return file.groups !== undefined && Object.hasOwn(file.groups, name);
}

function subcommands(config: Command, actOnProfiles: Act): void {
  // About the file, whatever output its profiles prefer: printed as the flags ask.
  const act: Act = (handler) =>
    actOnProfiles(async (ctx, args, options) => {
      ctx.useFlagOutput();
      return handler(ctx, args, options);
    });
  config
    .command('list')
    .description('list the profiles (* marks the one in use) and the groups of sites')
    .addHelpText('after', examples('occi config list', 'occi config list -o json'))
    .action(
      act(async (ctx) => {
        const { file } = ctx.configForWriting;
        const current = currentProfile(file, ctx.streams.env);
        const names = Object.keys(file.profiles);
        if (ctx.flagOutput === 'json') {
          await ctx.printData(
            names.map((name) => ({ name, current: name === current, ...shown(file.profiles[name]!) })),
          );
          return undefined;
        }
        const rows = names.map((n) => [
          n === current ? '*' : '',
          n,
          file.profiles[n]!.endpoint ?? '',
          authOf(file.profiles[n]!),
        ]);
        let out = table(['CURRENT', 'NAME', 'ENDPOINT', 'AUTH'], rows, ctx.style);
        const groups = Object.entries(file.groups ?? {});
        if (groups.length > 0)
          out += `\n${table(
            ['GROUP', 'SITES'],
            groups.map(([g, members]) => [g, members.join(',')]),
            ctx.style,
          )}`;
        ctx.print(out);
        return undefined;
      }),
    );

  config
    .command('show')
    .argument('[profile]', 'the profile (default: the one in use)')
    .description('show a profile, its secrets hidden')
    .addHelpText('after', examples('occi config show', 'occi config show prod -o json'))
    .action(
      act(async (ctx, [given]) => {
        const { file, path } = ctx.configForWriting;
        const name = given ?? currentProfile(file, ctx.streams.env);
        if (name === undefined)
          throw usageError(
            `no profile is in use: name one (profiles: ${Object.keys(file.profiles).join(', ') || 'none'})`,
          );
        const profile = shown(pickProfile(file, name, path));
        if (ctx.flagOutput === 'json') await ctx.printData({ name, ...profile });
        else
          ctx.print(
            keyValues(
              [
                ['profile', name],
                ['file', path],
                ...Object.entries(profile).map(([k, v]) => [k, String(v)] as const),
              ],
              ctx.style,
            ),
          );
        return undefined;
      }),
    );

  config
    .command('add')
    .argument('<profile>', 'the name of the new profile')
    .argument('<endpoint>', 'its OCCI endpoint, e.g. http://localhost:8080')
    .argument('[key=value...]', 'more keys: user, rendering (json|plain|occi), output, timeout (seconds)')
    .option('--use', 'make it the profile in use (the default)')
    .description('add a profile; the first one becomes the default')
    .addHelpText(
      'after',
      examples(
        'occi config add site-d http://localhost:8080',
        'occi config add site-e http://localhost:8080 output=json timeout=30 --use',
      ),
    )
    .action(
      act(async (ctx, [name, endpoint, ...pairs], opts) => {
        checkName(name!, 'profile');
        const file = structuredClone(ctx.configForWriting.file);
        if (has(file, name!))
          throw usageError(`profile "${name}" exists: change it with "occi config set ${name} key=value"`);
        if (isGroup(file, name!)) throw usageError(`"${name}" names a group of sites; choose another name`);
        file.profiles[name!] = apply(
          {},
          assignments([`endpoint=${endpoint}`, ...pairs]),
          `profile "${name}"`,
        );
        const becomesDefault = opts.use === true || file.default === undefined;
        if (becomesDefault) file.default = name!;
        await save(
          ctx,
          file,
          'added',
          name!,
          `added profile "${name}" (${endpoint})${becomesDefault ? ', in use' : ''}`,
        );
        return undefined;
      }),
    );

  config
    .command('set')
    .argument('<profile>', 'the profile to change')
    .argument('<key=value...>', 'keys to set: endpoint, user, rendering, output, timeout; key= removes one')
    .description('change keys of a profile')
    .addHelpText(
      'after',
      examples('occi config set prod output=yaml timeout=', 'occi config set lab rendering=plain'),
    )
    .action(
      act(async (ctx, [name, ...pairs]) => {
        const file = structuredClone(ctx.configForWriting.file);
        const profile = pickProfile(file, name!, ctx.configForWriting.path);
        file.profiles[name!] = apply(profile, assignments(pairs), `profile "${name}"`);
        await save(ctx, file, 'changed', name!, `changed profile "${name}"`);
        return undefined;
      }),
    );

  config
    .command('rename')
    .argument('<profile>', 'the profile')
    .argument('<new-name>', 'its new name')
    .description('rename a profile (the default and groups follow)')
    .addHelpText('after', examples('occi config rename prod production'))
    .action(
      act(async (ctx, [from, to]) => {
        checkName(to!, 'profile');
        const file = structuredClone(ctx.configForWriting.file);
        pickProfile(file, from!, ctx.configForWriting.path);
        if (has(file, to!) || isGroup(file, to!))
          throw usageError(`"${to}" already names a profile or group`);
        file.profiles = Object.fromEntries(
          Object.entries(file.profiles).map(([k, v]) => [k === from ? to! : k, v]),
        );
        if (file.default === from) file.default = to!;
        for (const members of Object.values(file.groups ?? {}))
          members.splice(0, members.length, ...members.map((m) => (m === from ? to! : m)));
        await save(ctx, file, 'renamed', to!, `renamed profile "${from}" to "${to}"`);
        return undefined;
      }),
    );

  config
    .command('use')
    .argument('<profile>', 'the profile')
    .description('switch to a profile: it becomes the default')
    .addHelpText('after', examples('occi config use prod'))
    .action(
      act(async (ctx, [name]) => {
        const file = structuredClone(ctx.configForWriting.file);
        const profile = pickProfile(file, name!, ctx.configForWriting.path);
        file.default = name!;
        await save(
          ctx,
          file,
          'using',
          name!,
          `using profile "${name}"${profile.endpoint ? ` (${profile.endpoint})` : ''}`,
        );
        const env = ctx.streams.env.OCCI_PROFILE;
        if (env && env !== name)
          ctx.warn(`occi: note: OCCI_PROFILE=${env} is set: it wins over the default in this shell\n`);
        return undefined;
      }),
    );

  config
    .command('remove')
    .argument('<profile>', 'the profile')
    .description('remove a profile, its credentials with it (and from the groups)')
    .addHelpText('after', examples('occi config remove prod'))
    .action(
      act(async (ctx, [name]) => {
        const file = structuredClone(ctx.configForWriting.file);
        pickProfile(file, name!, ctx.configForWriting.path);
        delete file.profiles[name!];
        if (file.default === name) delete file.default;
        for (const [g, members] of Object.entries(file.groups ?? {})) {
          const kept = members.filter((m) => m !== name);
          if (kept.length > 0) file.groups![g] = kept;
          else delete file.groups![g];
        }
        await save(ctx, file, 'removed', name!, `removed profile "${name}"`);
        return undefined;
      }),
    );

  config
    .command('group')
    .argument('<group>', 'the name of the group of sites')
    .argument('[profile...]', 'its profiles; none removes the group')
    .description('name a group of sites (profiles) for --sites')
    .addHelpText('after', examples('occi config group egi a b c', 'occi --sites egi list compute'))
    .action(
      act(async (ctx, [name, ...members]) => {
        checkName(name!, 'group');
        const file = structuredClone(ctx.configForWriting.file);
        if (has(file, name!)) throw usageError(`"${name}" names a profile; a group needs a name of its own`);
        for (const m of members) pickProfile(file, m, ctx.configForWriting.path);
        file.groups ??= {};
        if (members.length === 0) {
          if (!isGroup(file, name!)) throw usageError(`no group "${name}"`);
          delete file.groups[name!];
          await save(ctx, file, 'removed', name!, `removed group "${name}"`);
        } else {
          file.groups[name!] = [...new Set(members)];
          await save(ctx, file, 'grouped', name!, `group "${name}": ${file.groups[name!]!.join(', ')}`);
        }
        return undefined;
      }),
    );
}

export const register: Register = (program, act) => {
  const config = program
    .command('config')
    .description('manage the profiles of the config file: list, show, add, set, rename, use, remove, group')
    .addHelpText('after', examples('occi config list', 'occi config use prod'));
  subcommands(config, act);
};
