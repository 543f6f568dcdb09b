/**
 * `occi list <kind|mixin|location>`: a collection (HTTP §9.1), filtered
 * (HTTP §6.2) and paged (HTTP §5).
 */
import type { Attribute, Entity, Model } from '@occi/core';
import { collect, parseAssignments, typingDefinitions } from '../attributes.js';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { entitiesTable, locationsText } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { entityJson } from '../output.js';
import { isLocation, resolveCategory, resolveId } from '../resolve.js';
import { acrossSites, reportFailures, siteNames } from '../sites.js';

/** Every attribute definition of the model by name (to type filter values). */
export function allDefinitions(model: Model): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const c of model.categories())
    if (c.class !== 'action') for (const [n, a] of c.attributes) out.set(n, a);
  return out;
}

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`--${name} "${String(value)}" must be a positive integer`);
  return n;
}

interface Listed {
  locations: string[];
  entities: Entity[];
  endpoint: string;
}

/** The collection a command line names, listed at one endpoint; `collection()` lists it again (--watch). */
async function listAt(ctx: Context, target: string, opts: Record<string, unknown>, details: boolean) {
  const client = await ctx.client();
  const model = await client.discover();
  const collection = isLocation(target) ? target : resolveId(model, target, ['kind', 'mixin']);
  const categories = (opts.category as string[]).map((c) => resolveCategory(model, c, ['kind', 'mixin']));
  const attributes = parseAssignments(
    opts.filter as string[],
    typingDefinitions(allDefinitions(model), await client.attributeTypesKnown()),
  );
  const filter =
    categories.length > 0 || Object.keys(attributes).length > 0
      ? { categories: categories.map((c) => c.scheme + c.term), attributes }
      : undefined;
  const page = positive(opts.page, 'page');
  const number = positive(opts.number, 'number');
  const list = async (withDetails: boolean): Promise<Listed> => {
    const result = await client.list(collection, {
      ...(filter ? { filter } : {}),
      ...(page !== undefined ? { page } : {}),
      ...(number !== undefined ? { number } : {}),
      ...(opts.all ? { all: true } : {}),
      details: withDetails,
    });
    return { ...result, endpoint: client.endpoint };
  };
  return { client, list, listed: await list(details) };
}

/** `--watch`: the collection's locations at every poll, its members by conditional GET (watch.ts). */
async function watchList(ctx: Context, target: string, opts: Record<string, unknown>): Promise<void> {
  const { watch, intervalOf } = await import('../watch.js');
  const { watchPrinter } = await import('../watch-view.js');
  const print = watchPrinter(ctx);
  const intervalMs = intervalOf(ctx, opts.interval);
  const { client, list, listed } = await listAt(ctx, target, opts, false);
  let first: string[] | undefined = listed.locations;
  await watch(ctx, client, {
    intervalMs,
    collection: async () => {
      const locations = first ?? (await list(false)).locations;
      first = undefined;
      return locations;
    },
    onEvents: print,
  });
}

/** `--sites`: the collection at every site, with the site of each entity. */
async function listSites(
  ctx: Context,
  sites: string[],
  target: string,
  opts: Record<string, unknown>,
  locationsOnly: boolean,
): Promise<number> {
  const results = await acrossSites(
    ctx,
    sites,
    async (site) => (await listAt(site, target, opts, !locationsOnly)).listed,
  );
  const answered = results.filter((r) => r.ok).map((r) => ({ site: r.site, ...(r.value as Listed) }));
  // No site answered: nothing to print but the failures.
  if (answered.length === 0) return reportFailures(ctx, results);
  if (ctx.output === 'text') ctx.print(answered.map((a) => locationsText(a.locations, a.endpoint)).join(''));
  else if (locationsOnly) {
    const names = answered.flatMap((a) => a.locations.map((l) => `${a.site}:${l}`));
    if (ctx.output === 'json') await ctx.printData(names);
    else ctx.print(names.map((n) => `${n}\n`).join(''));
  } else if (ctx.output === 'json')
    await ctx.printData(answered.flatMap((a) => a.entities.map((e) => ({ site: a.site, ...entityJson(e) }))));
  else
    ctx.print(
      entitiesTable(
        ctx,
        answered.flatMap((a) => a.entities),
        answered.flatMap((a) => a.entities.map(() => a.site)),
      ),
    );
  return reportFailures(ctx, results);
}

export const register: Register = (program, act) => {
  program
    .command('list')
    .argument('<collection>', 'a kind or mixin (short name or type identifier), or a collection location')
    .description('list the entities of a kind or mixin collection')
    .option(
      '-f, --filter <name=value>',
      'only entities whose attribute has this value (repeatable)',
      collect,
      [],
    )
    .option(
      '-c, --category <name>',
      'only entities of this kind or with this mixin too (repeatable)',
      collect,
      [],
    )
    .option('--page <n>', 'the page to get, counting from 1')
    .option('--number <n>', 'entities per page')
    .option('-a, --all', 'follow the pages until the end')
    .option('-q, --locations', 'print only the locations (no request per entity in text renderings)')
    .option('-w, --watch', 'keep watching: a row whenever an entity changes, appears or goes (Ctrl-C ends)')
    .option('--interval <seconds>', 'between two polls of --watch (default 2)')
    .addHelpText(
      'after',
      examples(
        'occi list compute',
        'occi list compute --filter occi.compute.state=active --output json',
        'occi list os_tpl --all -q',
        `occi list compute -o "custom-columns=LOCATION:.location,CORES:.attributes['occi.compute.cores']"`,
        'occi list compute --watch        # a row whenever one changes state; Ctrl-C ends',
        'occi --sites a,b,c list compute',
      ),
    )
    .action(
      act(async (ctx, [target], opts) => {
        const sites = siteNames(ctx);
        const locationsOnly =
          opts.locations === true || ctx.output === 'text' || ctx.outputSpec.format === 'name';
        if (opts.watch) {
          if (sites) throw usageError('--watch follows one site: choose it with --profile');
          await watchList(ctx, target!, opts);
          return undefined;
        }
        if (sites) return listSites(ctx, sites, target!, opts, locationsOnly);
        const { listed } = await listAt(ctx, target!, opts, !locationsOnly);
        if (ctx.output === 'text') ctx.print(locationsText(listed.locations, listed.endpoint));
        else if (locationsOnly)
          if (ctx.output === 'json') await ctx.printData(listed.locations);
          else ctx.print(listed.locations.map((l) => `${l}\n`).join(''));
        else if (ctx.output === 'json') await ctx.printData(listed.entities.map(entityJson));
        else ctx.print(entitiesTable(ctx, listed.entities));
        return undefined;
      }),
    );
};
