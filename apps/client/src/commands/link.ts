/** `occi link <source> <target> --kind <kind>`: a Link entity between two resources (Core §5.4.3). */
import { examples, type Register } from '../command.js';
import { entityInput, entityOptions } from '../entity-input.js';
import { printEntity } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { waitOptions, waitWithProgress } from '../progress.js';
import { kindOfLocation, resolveCategory } from '../resolve.js';

export const register: Register = (program, act) => {
  const command = program
    .command('link')
    .argument('<source>', 'the resource the link starts from (location or id)')
    .argument('<target>', 'the resource it points to (location or id; an URL outside the server too)')
    .description('create a link between two resources; prints its location')
    .requiredOption('-k, --kind <kind>', 'the kind of link, e.g. networkinterface, storagelink, link');
  entityOptions(command, false);
  waitOptions(command)
    .addHelpText(
      'after',
      examples(
        'occi link /compute/6df6… /storage/91c2… --kind storagelink --attr occi.storagelink.deviceid=vdb',
        'occi link /compute/6df6… /network/1a2b… --kind networkinterface --mixin ipnetworkinterface --attr occi.networkinterface.address=10.0.0.5 --attr occi.networkinterface.allocation=static',
      ),
    )
    .action(
      act(async (ctx, [sourceName, targetName], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const kind = resolveCategory(model, opts.kind as string, ['kind']);
        const kindId = kind.scheme + kind.term;
        if (!model.isLinkKind(kindId)) throw usageError(`${kind.term} is not a kind of link`);
        const source = await ctx.locate(sourceName!);
        const target = /^https?:\/\//i.test(targetName!) ? targetName! : await ctx.locate(targetName!);
        const targetKind = kindOfLocation(model, target, client.endpoint);
        const input = entityInput(model, opts, {
          kind: kindId,
          typesKnown: await client.attributeTypesKnown(),
        });
        input.source = { location: source };
        input.target =
          targetKind !== undefined ? { location: target, kind: targetKind } : { location: target };
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
