/** `occi update <entity>`: a partial update (HTTP §8.3.1) of attributes, mixins, title or summary. */
import { examples, type Register } from '../command.js';
import { entityInput, entityOptions } from '../entity-input.js';
import { printEntity } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { kindOfLocation } from '../resolve.js';

export const register: Register = (program, act) => {
  const command = program
    .command('update')
    .argument('<entity>', 'the location or id of the entity')
    .description('change some attributes, add mixins, or set the title or summary of an entity');
  entityOptions(command, false)
    .option(
      '--if-match <version>',
      'only if the entity still has this version (its ETag; exit code 4 otherwise)',
    )
    .addHelpText(
      'after',
      examples(
        'occi update /compute/6df6… --attr occi.compute.memory=4 --title web-1',
        'occi update /compute/6df6… --mixin ssh_key --attr occi.credentials.ssh.publickey="ssh-ed25519 AAAA…"',
      ),
    )
    .action(
      act(async (ctx, [reference], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const location = await ctx.locate(reference!);
        const typeAs = kindOfLocation(model, location, client.endpoint);
        const input = entityInput(model, opts, {
          ...(typeAs !== undefined ? { typeAs } : {}),
          typesKnown: await client.attributeTypesKnown(),
        });
        if (
          Object.keys(input.attributes ?? {}).length === 0 &&
          input.mixins === undefined &&
          input.title === undefined &&
          input.summary === undefined
        )
          throw usageError('nothing to update: give --attr, --mixin, --title or --summary');
        const entity = await client.update(
          location,
          input,
          typeof opts.ifMatch === 'string' ? { ifMatch: opts.ifMatch } : {},
        );
        await printEntity(ctx, entity);
        return undefined;
      }),
    );
};
