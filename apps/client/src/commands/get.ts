/** `occi get <location|id>`: one entity (HTTP §8.1). */
import { examples, type Register } from '../command.js';
import { printEntity } from '../entity-view.js';
import { entityJson, json } from '../output.js';

export const register: Register = (program, act) => {
  program
    .command('get')
    .argument('<entity...>', 'locations (/compute/…, or URLs) or ids (urn:uuid:…, or the bare UUID)')
    .description('show entities with their attributes, links and applicable actions')
    .addHelpText(
      'after',
      examples('occi get /compute/6df6c4e0-…', 'occi get urn:uuid:6df6c4e0-… --output json'),
    )
    .action(
      act(async (ctx, references) => {
        const client = await ctx.client();
        const entities = [];
        for (const reference of references) entities.push(await client.get(await ctx.locate(reference)));
        if (ctx.output === 'json' && entities.length > 1) ctx.print(json(entities.map(entityJson)));
        else
          for (const [i, entity] of entities.entries()) {
            if (i > 0 && ctx.output === 'table') ctx.print('\n');
            await printEntity(ctx, entity);
          }
        return undefined;
      }),
    );
};
