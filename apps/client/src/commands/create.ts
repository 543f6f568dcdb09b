/** `occi create <kind>`: a new entity in the collection of its kind (HTTP §9.3.1), optionally waiting for a state. */
import { examples, type Register } from '../command.js';
import { entityInput, entityOptions } from '../entity-input.js';
import { printEntity } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { waitOptions, waitWithProgress } from '../progress.js';
import { resolveCategory } from '../resolve.js';
import { siteNames } from '../sites.js';

export const register: Register = (program, act) => {
  const command = program
    .command('create')
    .argument('<kind>', 'the kind of the new entity (short name or type identifier)')
    .description('create an entity; prints its location');
  entityOptions(command, true);
  command.option(
    '--place <policy>',
    'with --sites: first (the first site that offers all asked for), spread (the one with the fewest), or a site',
  );
  waitOptions(command)
    .addHelpText(
      'after',
      examples(
        'occi create compute --attr occi.compute.cores=2 --mixin os_tpl#ubuntu --mixin small --wait inactive',
        'occi create storage --attr occi.storage.size=10 --title data',
        'occi create compute --link /network/6a1…,networkinterface',
        'occi create compute --mixin medium --sites a,b,c --place spread',
      ),
    )
    .action(
      act(async (ctx, [kindName], opts) => {
        const sites = siteNames(ctx);
        if (sites) return (await import('../placement.js')).createAtSites(ctx, sites, kindName!, opts);
        if (opts.place !== undefined) throw usageError('--place chooses among sites: give --sites too');
        const client = await ctx.client();
        const model = await client.discover();
        const kind = resolveCategory(model, kindName!, ['kind']);
        const kindId = kind.scheme + kind.term;
        if (model.isLinkKind(kindId))
          throw usageError(
            `${kind.term} is a kind of link: create it with "occi link <source> <target> --kind ${kind.term}"`,
          );
        const input = entityInput(model, opts, {
          kind: kindId,
          endpoint: client.endpoint,
          typesKnown: await client.attributeTypesKnown(),
        });
        const created = await client.create(input);
        let entity = created.entity;
        if (typeof opts.wait === 'string')
          entity = await waitWithProgress(ctx, client, created.location, opts);
        if (ctx.output === 'table') ctx.print(`${created.location}\n`);
        else await printEntity(ctx, entity ?? (await client.get(created.location)));
        return undefined;
      }),
    );
};
