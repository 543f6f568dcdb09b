/** `occi replace <entity>`: the entity becomes exactly what the command line says (HTTP §8.2, PUT). */
import { examples, type Register } from '../command.js';
import { entityInput, entityOptions } from '../entity-input.js';
import { printEntity } from '../entity-view.js';
import { kindOfLocation, resolveId } from '../resolve.js';

export const register: Register = (program, act) => {
  const command = program
    .command('replace')
    .argument('<entity>', 'the location or id of the entity (a new location creates the entity there)')
    .description('replace an entity with a complete new description (attributes not given are dropped)');
  entityOptions(command, true)
    .option('-k, --kind <kind>', "the kind (default: the entity's kind)")
    .option('--if-match <version>', 'only if the entity still has this version (exit code 4 otherwise)')
    .addHelpText(
      'after',
      examples('occi replace /compute/6df6… --attr occi.compute.cores=4 --mixin os_tpl#debian --title db-1'),
    )
    .action(
      act(async (ctx, [reference], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const location = await ctx.locate(reference!);
        let kind =
          typeof opts.kind === 'string'
            ? resolveId(model, opts.kind, ['kind'])
            : kindOfLocation(model, location, client.endpoint);
        if (kind === undefined) kind = (await client.get(location)).kind;
        const result = await client.replace(
          location,
          entityInput(model, opts, {
            kind,
            endpoint: client.endpoint,
            typesKnown: await client.attributeTypesKnown(),
          }),
          typeof opts.ifMatch === 'string' ? { ifMatch: opts.ifMatch } : {},
        );
        if (result.created && ctx.output === 'table') ctx.warn(`created ${location}\n`);
        await printEntity(ctx, result.entity);
        return undefined;
      }),
    );
};
