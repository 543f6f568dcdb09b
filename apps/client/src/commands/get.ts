/** `occi get <location|id>`: one entity (HTTP §8.1); `--watch` follows its changes; `--sites` finds it at one of several sites. */
import type { Entity } from '@occi/core';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { printEntity, siteJson } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { entityJson } from '../output.js';
import { locateAcrossSites, siteNames } from '../sites.js';

/** Each reference's entity, with the context of its site. */
async function fetchAll(
  ctx: Context,
  references: readonly string[],
): Promise<{ ctx: Context; entity: Entity }[]> {
  const sites = siteNames(ctx);
  const out = [];
  for (const reference of references) {
    if (sites) {
      const { site, location } = await locateAcrossSites(ctx, sites, reference);
      const siteCtx = ctx.forSite(site);
      out.push({ ctx: siteCtx, entity: await (await siteCtx.client()).get(location) });
    } else out.push({ ctx, entity: await (await ctx.client()).get(await ctx.locate(reference)) });
  }
  return out;
}

async function watchEntities(ctx: Context, references: readonly string[], interval: unknown): Promise<void> {
  if (siteNames(ctx)) throw usageError('--watch follows one site: choose it with --profile');
  const { watch, intervalOf } = await import('../watch.js');
  const { watchPrinter } = await import('../watch-view.js');
  const onEvents = watchPrinter(ctx);
  const intervalMs = intervalOf(ctx, interval);
  const client = await ctx.client();
  const locations = [];
  for (const reference of references) locations.push(await ctx.locate(reference));
  await watch(ctx, client, { locations, intervalMs, onEvents });
}

export const register: Register = (program, act) => {
  program
    .command('get')
    .argument(
      '<entity...>',
      'locations (/compute/…, or URLs) or ids (urn:uuid:…, or the bare UUID); site:location with --sites',
    )
    .description('show entities with their attributes, links and applicable actions')
    .option(
      '-w, --watch',
      'keep watching: a row whenever the entity changes (ends when it is deleted, or on Ctrl-C)',
    )
    .option('--interval <seconds>', 'between two polls of --watch (default 2)')
    .addHelpText(
      'after',
      examples(
        'occi get /compute/6df6c4e0-…',
        'occi get urn:uuid:6df6c4e0-… --output json',
        `occi get /compute/6df6c4e0-… -o "jsonpath=.attributes['occi.compute.state']"`,
        'occi --sites a,b get b:/compute/6df6c4e0-…',
      ),
    )
    .action(
      act(async (ctx, references, opts) => {
        if (opts.watch) {
          await watchEntities(ctx, references, opts.interval);
          return undefined;
        }
        const found = await fetchAll(ctx, references);
        if (ctx.output === 'json' && found.length > 1)
          await ctx.printData(found.map((f) => siteJson(f.ctx, entityJson(f.entity))));
        else
          for (const [i, f] of found.entries()) {
            if (i > 0 && ctx.output === 'table') ctx.print('\n');
            await printEntity(f.ctx, f.entity);
          }
        return undefined;
      }),
    );
};
