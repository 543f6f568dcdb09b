/**
 * `occi mixin create|delete|add|remove|set`: user-defined mixins through the
 * query interface (HTTP §7.3, §7.4) and mixin collections (HTTP §9.2,
 * §9.3.2, §9.5.2).
 */
import type { Command } from 'commander';
import { collect } from '../attributes.js';
import { type Act, examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { usageError } from '../exit-codes.js';
import { categoryJson } from '../output.js';
import { resolveId } from '../resolve.js';

async function printMembers(ctx: Context, locations: readonly string[]): Promise<void> {
  if (ctx.output === 'json') await ctx.printData(locations);
  else ctx.print(locations.map((l) => `${l}\n`).join(''));
}

async function membership(
  ctx: Context,
  method: 'associate' | 'dissociate' | 'setMembership',
  mixinName: string,
  references: readonly string[] | undefined,
): Promise<void> {
  const client = await ctx.client();
  const mixin = resolveId(await client.discover(), mixinName, ['mixin']);
  const locations = references ? await Promise.all(references.map((r) => ctx.locate(r))) : undefined;
  const result =
    method === 'dissociate'
      ? await client.dissociate(mixin, locations)
      : await client[method](mixin, locations ?? []);
  await printMembers(ctx, result.locations);
}

function subcommands(mixin: Command, act: Act): void {
  mixin
    .command('create')
    .argument('<mixin>', 'scheme#term of the new mixin (or a term with --scheme)')
    .description('define a mixin of your own (a tag, or a template of your own)')
    .option('--scheme <scheme>', 'the scheme, ending in #')
    .option('--location <path>', 'its collection location, an absolute path ending in / (default: /<term>/)')
    .option('--title <title>', 'a title')
    .option('--depends <mixin>', 'a mixin it depends on (repeatable)', collect, [])
    .option('--applies <kind>', 'a kind it applies to (repeatable; needs the JSON rendering)', collect, [])
    .addHelpText(
      'after',
      examples('occi mixin create http://example.com/tags#prod --title Production --location /tags/prod/'),
    )
    .action(
      act(async (ctx, [name], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        let scheme: string;
        let term: string;
        const hash = name!.lastIndexOf('#');
        if (hash >= 0) {
          scheme = name!.slice(0, hash + 1);
          term = name!.slice(hash + 1);
          if (typeof opts.scheme === 'string')
            throw usageError('give the scheme in the name or with --scheme, not both');
        } else {
          if (typeof opts.scheme !== 'string')
            throw usageError(`mixin "${name}" needs a scheme: write scheme#term or give --scheme`);
          scheme = opts.scheme.endsWith('#') ? opts.scheme : `${opts.scheme}#`;
          term = name!;
        }
        if (!/^[a-z][a-z0-9+.-]*:/i.test(scheme)) throw usageError(`scheme "${scheme}" is not a URI`);
        if (term === '') throw usageError(`"${name}" names no term`);
        const location = typeof opts.location === 'string' ? opts.location : `/${term}/`;
        const created = await client.defineMixin({
          scheme,
          term,
          location,
          ...(typeof opts.title === 'string' ? { title: opts.title } : {}),
          depends: (opts.depends as string[]).map((d) => resolveId(model, d, ['mixin'])),
          applies: (opts.applies as string[]).map((k) => resolveId(model, k, ['kind'])),
        });
        if (ctx.output === 'json') await ctx.printData(categoryJson(created));
        else ctx.print(`${created.scheme}${created.term}  ${created.location ?? location}\n`);
        return undefined;
      }),
    );
  mixin
    .command('delete')
    .argument('<mixin>', 'a mixin you defined')
    .description('delete a mixin you defined (its entities lose it)')
    .addHelpText('after', examples('occi mixin delete http://example.com/tags#prod'))
    .action(
      act(async (ctx, [name]) => {
        const client = await ctx.client();
        const id = resolveId(await client.discover(), name!, ['mixin']);
        await client.removeMixin(id);
        if (ctx.output === 'json') await ctx.printData({ deleted: id }, [id]);
        else if (ctx.output === 'table') ctx.print(`deleted ${id}\n`);
        return undefined;
      }),
    );
  mixin
    .command('add')
    .argument('<mixin>', 'the mixin')
    .argument('<entity...>', 'entities to add to its collection')
    .description("associate entities with a mixin; prints the mixin's collection")
    .addHelpText('after', examples('occi mixin add prod /compute/6df6… /storage/91c2…'))
    .action(
      act(async (ctx, [name, ...entities]) => void (await membership(ctx, 'associate', name!, entities))),
    );
  mixin
    .command('remove')
    .argument('<mixin>', 'the mixin')
    .argument('[entity...]', 'entities to remove from its collection')
    .option('--all', 'remove every entity')
    .description("dissociate entities from a mixin; prints what remains in the mixin's collection")
    .addHelpText('after', examples('occi mixin remove prod /compute/6df6…', 'occi mixin remove prod --all'))
    .action(
      act(async (ctx, [name, ...entities], opts) => {
        if (entities.length === 0 && !opts.all) throw usageError('name the entities to remove, or --all');
        if (entities.length > 0 && opts.all) throw usageError('give entities or --all, not both');
        await membership(ctx, 'dissociate', name!, opts.all ? undefined : entities);
        return undefined;
      }),
    );
  mixin
    .command('set')
    .argument('<mixin>', 'the mixin')
    .argument('[entity...]', 'the entities its collection holds from now on (none: empty it)')
    .description('make the collection of a mixin exactly these entities')
    .addHelpText('after', examples('occi mixin set prod /compute/6df6… /compute/77aa…'))
    .action(
      act(async (ctx, [name, ...entities]) => void (await membership(ctx, 'setMembership', name!, entities))),
    );
}

export const register: Register = (program, act) => {
  const mixin = program
    .command('mixin')
    .description('define and delete your own mixins; add entities to or remove them from mixin collections')
    .addHelpText(
      'after',
      examples('occi mixin create http://example.com/tags#prod', 'occi mixin add prod /compute/6df6…'),
    );
  subcommands(mixin, act);
};
