/**
 * Several sites at once (`--sites a,b,c`): each site is a profile of the
 * config file (its endpoint and credentials), and a group of the file names
 * several. A command asks every site at the same time and answers for those
 * that answered; each failure is one line on standard error naming its site,
 * and the exit code is 10 when some sites failed and others answered (the
 * failure's own code when every site failed).
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { CliError, EXIT, type ExitCode, errorLine, exitCodeOf, usageError } from './exit-codes.js';

/** The commands that span sites; the others work on one (choose it with --profile). */
export const SITE_COMMANDS = new Set(['list', 'get', 'action', 'delete', 'discover', 'create', '__complete']);

/** Refuses `--sites` for a command that works on one site, and with flags that name one endpoint. */
export function checkSitesSupported(ctx: Context, command: Command): void {
  const g = ctx.globals;
  if (g.sites === undefined) return;
  const path = command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  if (!SITE_COMMANDS.has(command.name()) || command.parent?.parent)
    throw usageError(
      `--sites: occi ${path} works on one site; choose it with --profile (commands across sites: ${[...SITE_COMMANDS].filter((c) => !c.startsWith('_')).join(', ')})`,
    );
  const named = (
    [
      ['endpoint', '--endpoint'],
      ['user', '--user'],
      ['password', '--password'],
      ['token', '--token'],
      ['profile', '--profile'],
    ] as const
  ).filter(([k]) => g[k] !== undefined);
  if (named.length > 0)
    throw usageError(
      `--sites takes each site's endpoint and credentials from its profile: ${named.map(([, f]) => f).join(', ')} cannot go with it`,
    );
}

/** The sites `--sites` names, groups expanded, in order, each once; undefined without `--sites`. */
export function siteNames(ctx: Context): string[] | undefined {
  const given = ctx.globals.sites;
  if (given === undefined) return undefined;
  const { file, path } = ctx.config;
  const out: string[] = [];
  for (const name of given.split(',').map((s) => s.trim())) {
    if (name === '') continue;
    const members = file.groups && Object.hasOwn(file.groups, name) ? file.groups[name]! : undefined;
    if (members) out.push(...members);
    else if (Object.hasOwn(file.profiles, name)) out.push(name);
    else {
      const known = [
        ...Object.keys(file.profiles),
        ...Object.keys(file.groups ?? {}).map((g) => `${g} (group)`),
      ];
      throw usageError(
        `--sites: no profile or group "${name}" in ${path}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}; add one with "occi config add"`,
      );
    }
  }
  const unique = [...new Set(out)];
  if (unique.length === 0) throw usageError('--sites names no site');
  return unique;
}

export interface SiteResult<T> {
  site: string;
  ctx: Context;
  ok: boolean;
  value?: T;
  error?: unknown;
}

/** Runs `work` at every site at once; the results in the order of the sites. */
export async function acrossSites<T>(
  ctx: Context,
  sites: readonly string[],
  work: (site: Context, name: string) => Promise<T>,
): Promise<SiteResult<T>[]> {
  return Promise.all(
    sites.map(async (site) => {
      const siteCtx = ctx.forSite(site);
      try {
        return { site, ctx: siteCtx, ok: true, value: await work(siteCtx, site) };
      } catch (error) {
        return { site, ctx: siteCtx, ok: false, error };
      }
    }),
  );
}

/** One line per failed site on standard error; the exit code: 0, 10 (some failed), or the failure's (all failed). */
export function reportFailures(ctx: Context, results: readonly SiteResult<unknown>[]): ExitCode {
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) ctx.warn(`occi: site ${r.site}: ${errorLine(r.error)}\n`);
  if (failed.length === 0) return EXIT.ok;
  if (failed.length < results.length) return EXIT.partial;
  return exitCodeOf(failed[0]!.error);
}

/** `site:reference` when `site` is one of `sites`; otherwise no site. */
export function splitSite(reference: string, sites: readonly string[]): { site?: string; reference: string } {
  const colon = reference.indexOf(':');
  if (colon > 0) {
    const site = reference.slice(0, colon);
    if (sites.includes(site)) return { site, reference: reference.slice(colon + 1) };
  }
  return { reference };
}

const isLocation = (r: string) => r.startsWith('/') || /^https?:\/\//i.test(r);

/**
 * Where an entity is: `site:location` or `site:id` names its site; a bare id
 * or location is looked for at every site (found at one: there; at several:
 * ambiguous; at none: not found, or exit code 10 when some sites did not
 * answer).
 */
export async function locateAcrossSites(
  ctx: Context,
  sites: readonly string[],
  given: string,
): Promise<{ site: string; location: string }> {
  const { site, reference } = splitSite(given, sites);
  if (site !== undefined) return { site, location: await ctx.forSite(site).locate(reference) };
  const results = await acrossSites(ctx, sites, async (s) => {
    if (!isLocation(reference)) return s.locate(reference).catch((e: unknown) => notFoundAsUndefined(e));
    const client = await s.client();
    return client.get(reference).then(
      () => reference,
      (e: unknown) => notFoundAsUndefined(e),
    );
  });
  const found = results.filter((r) => r.ok && r.value !== undefined);
  if (found.length === 1) return { site: found[0]!.site, location: found[0]!.value as string };
  if (found.length > 1)
    throw usageError(
      `${given} is at several sites (${found.map((r) => r.site).join(', ')}): say which, e.g. ${found[0]!.site}:${given}`,
    );
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0)
    throw new CliError(EXIT.notFound, `no entity ${given} at any site (${sites.join(', ')})`);
  reportFailures(ctx, results);
  const answered = results.filter((r) => r.ok).map((r) => r.site);
  throw new CliError(
    failed.length < results.length ? EXIT.partial : exitCodeOf(failed[0]!.error),
    answered.length > 0
      ? `no entity ${given} at ${answered.join(', ')}; the other sites did not answer`
      : `no site answered to find ${given}`,
  );
}

function notFoundAsUndefined(error: unknown): undefined {
  if (exitCodeOf(error) === EXIT.notFound) return undefined;
  throw error;
}
