/**
 * `occi delete <entity...>`: delete entities (HTTP §8.5), or every entity of
 * a kind (HTTP §9.5.1). With `--sites`, each entity is at one site
 * (`site:location`, or found by its id), and `--collection` deletes at
 * every site.
 */
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { usageError } from '../exit-codes.js';
import { resolveId } from '../resolve.js';
import { acrossSites, locateAcrossSites, reportFailures, siteNames } from '../sites.js';

async function deleteCollection(ctx: Context, name: string): Promise<string> {
  const client = await ctx.client();
  const kind = resolveId(await client.discover(), name, ['kind']);
  await client.deleteAll(kind);
  return kind;
}

export const register: Register = (program, act) => {
  program
    .command('delete')
    .argument('[entity...]', 'locations or ids of the entities (site:location with --sites)')
    .description('delete entities, or with --collection every entity of a kind')
    .option('--collection <kind>', 'delete every entity of this kind that you may delete')
    .option('-y, --yes', 'confirm --collection')
    .option('--if-match <version>', 'only if the entity still has this version (exit code 4 otherwise)')
    .addHelpText(
      'after',
      examples(
        'occi delete /compute/6df6…',
        'occi delete --collection compute --yes',
        'occi --sites a,b list compute -o name | xargs occi --sites a,b delete',
      ),
    )
    .action(
      act(async (ctx, references, opts) => {
        const sites = siteNames(ctx);
        if (typeof opts.collection === 'string') {
          if (references.length > 0) throw usageError('give entities or --collection, not both');
          if (!opts.yes)
            throw usageError(`--collection deletes every entity of ${opts.collection}: confirm with --yes`);
          if (sites) {
            const results = await acrossSites(ctx, sites, (site) =>
              deleteCollection(site, opts.collection as string),
            );
            const done = results.filter((r) => r.ok);
            if (ctx.output === 'json')
              await ctx.printData(
                { deleted: done.map((r) => `${r.site}:${r.value}`) },
                done.map((r) => `${r.site}:${r.value}`),
              );
            else if (ctx.output === 'table')
              ctx.print(done.map((r) => `deleted every ${opts.collection} at ${r.site}\n`).join(''));
            return reportFailures(ctx, results);
          }
          const kind = await deleteCollection(ctx, opts.collection);
          if (ctx.output === 'json') await ctx.printData({ deleted: kind }, [kind]);
          else if (ctx.output === 'table') ctx.print(`deleted every ${opts.collection}\n`);
          return undefined;
        }
        if (references.length === 0)
          throw usageError('name the entities to delete (or --collection <kind> --yes)');
        const deleted: string[] = [];
        const ifMatch = typeof opts.ifMatch === 'string' ? { ifMatch: opts.ifMatch } : {};
        for (const reference of references) {
          let name: string;
          if (sites) {
            const { site, location } = await locateAcrossSites(ctx, sites, reference);
            await (await ctx.forSite(site).client()).delete(location, ifMatch);
            name = `${site}:${location}`;
          } else {
            name = await ctx.locate(reference);
            await (await ctx.client()).delete(name, ifMatch);
          }
          deleted.push(name);
          if (ctx.output === 'table') ctx.print(`deleted ${name}\n`);
        }
        if (ctx.output === 'json') await ctx.printData({ deleted }, deleted);
        return undefined;
      }),
    );
};
