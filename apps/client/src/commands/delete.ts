/** `occi delete <entity...>`: delete entities (HTTP §8.5), or every entity of a kind (HTTP §9.5.1). */
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';
import { json } from '../output.js';
import { resolveId } from '../resolve.js';

export const register: Register = (program, act) => {
  program
    .command('delete')
    .argument('[entity...]', 'locations or ids of the entities')
    .description('delete entities, or with --collection every entity of a kind')
    .option('--collection <kind>', 'delete every entity of this kind that you may delete')
    .option('-y, --yes', 'confirm --collection')
    .option('--if-match <version>', 'only if the entity still has this version (exit code 4 otherwise)')
    .addHelpText('after', examples('occi delete /compute/6df6…', 'occi delete --collection compute --yes'))
    .action(
      act(async (ctx, references, opts) => {
        const client = await ctx.client();
        if (typeof opts.collection === 'string') {
          if (references.length > 0) throw usageError('give entities or --collection, not both');
          if (!opts.yes)
            throw usageError(`--collection deletes every entity of ${opts.collection}: confirm with --yes`);
          const kind = resolveId(await client.discover(), opts.collection, ['kind']);
          await client.deleteAll(kind);
          if (ctx.output === 'json') ctx.print(json({ deleted: kind }));
          else if (ctx.output === 'table') ctx.print(`deleted every ${opts.collection}\n`);
          return undefined;
        }
        if (references.length === 0)
          throw usageError('name the entities to delete (or --collection <kind> --yes)');
        const deleted: string[] = [];
        for (const reference of references) {
          const location = await ctx.locate(reference);
          await client.delete(location, typeof opts.ifMatch === 'string' ? { ifMatch: opts.ifMatch } : {});
          deleted.push(location);
          if (ctx.output === 'table') ctx.print(`deleted ${location}\n`);
        }
        if (ctx.output === 'json') ctx.print(json({ deleted }));
        return undefined;
      }),
    );
};
